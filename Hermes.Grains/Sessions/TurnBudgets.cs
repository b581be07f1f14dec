using Hermes.Contracts.Budgets;
using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Sessions;

/// <summary>
/// The budgets one session's turns count against: its own, its user's (across their sessions) and the deployment's.
/// A turn is checked against all three before any model call and charged to all three once it is recorded.
/// </summary>
public sealed class TurnBudgets(IGrainFactory grains, string sessionKey)
{
    private readonly string[] _keys = KeysOf(sessionKey);

    /// <summary>The first budget whose cap is reached, or null when the turn may run.</summary>
    public async Task<BudgetStanding?> ExhaustedAsync() => (await StandingsAsync()).FirstOrDefault(standing => standing.Exhausted);

    public Task<BudgetStanding[]> StandingsAsync() => Task.WhenAll(_keys.Select(key => grains.GetGrain<IBudgetGrain>(key).GetStandingAsync()));

    /// <summary>Charges a turn's tokens, priced at <paramref name="model"/>, to every budget of the session.</summary>
    public Task ChargeAsync(string? model, TokenUsage usage) => usage.TotalTokens == 0
        ? Task.CompletedTask
        : Task.WhenAll(_keys.Select(key => grains.GetGrain<IBudgetGrain>(key).ChargeAsync(model, usage.InputTokens, usage.OutputTokens)));

    private static string[] KeysOf(string sessionKey) =>
        SessionKey.TryParse(sessionKey, out var key) && BudgetKeys.ForUserOf(key) is { } user
            ? [BudgetKeys.ForSession(sessionKey), user, BudgetKeys.Deployment]
            : [BudgetKeys.ForSession(sessionKey), BudgetKeys.Deployment];
}
