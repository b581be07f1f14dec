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
    /// <remarks>
    /// One after the other: each charge is a storage write, and concurrent writes to one SQLite file wait for each other
    /// (Microsoft.Data.Sqlite retries a busy database after 150 ms), which made three at once cost 150 ms in the benchmark.
    /// </remarks>
    public async Task ChargeAsync(string? model, TokenUsage usage)
    {
        if (usage.TotalTokens == 0)
        {
            return;
        }

        foreach (var key in _keys)
        {
            await grains.GetGrain<IBudgetGrain>(key).ChargeAsync(model, usage.InputTokens, usage.OutputTokens);
        }
    }

    private static string[] KeysOf(string sessionKey) =>
        SessionKey.TryParse(sessionKey, out var key) && BudgetKeys.ForUserOf(key) is { } user
            ? [BudgetKeys.ForSession(sessionKey), user, BudgetKeys.Deployment]
            : [BudgetKeys.ForSession(sessionKey), BudgetKeys.Deployment];
}
