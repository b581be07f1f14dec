namespace Hermes.Contracts.Budgets;

/// <summary>
/// One budget (a session's, a user's or the deployment's), keyed by <see cref="BudgetKeys"/>. It counts the tokens and
/// cost charged to it, one call at a time, so counts are exact however many sessions charge it, and keeps them in the
/// cluster's storage, so they survive restarts and moves.
/// </summary>
[Alias("hermes.IBudgetGrain")]
public interface IBudgetGrain : IGrainWithStringKey
{
    [Alias("GetStanding")]
    Task<BudgetStanding> GetStandingAsync();

    /// <summary>Adds a turn's tokens to the current period, and their cost at <paramref name="model"/>'s configured price.</summary>
    [Alias("Charge")]
    Task<BudgetStanding> ChargeAsync(string? model, long inputTokens, long outputTokens);

    /// <summary>Operator action: replaces the configured caps by <paramref name="caps"/> (<see cref="BudgetCaps.None"/> lifts them), or goes back to the configured ones when null.</summary>
    [Alias("SetCaps")]
    Task<BudgetStanding> SetCapsAsync(BudgetCaps? caps);
}
