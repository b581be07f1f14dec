using Hermes.Contracts.Budgets;
using Hermes.Contracts.Sessions;
using Microsoft.Extensions.Logging;

namespace Hermes.Grains.Sessions;

/// <summary>
/// The budgets one session's turns count against: its own, its user's (across their sessions) and the deployment's.
/// A turn is checked against all three before any model call and charged to all three once it is recorded.
/// </summary>
/// <remarks>
/// The charge runs after the reply has gone back (<see cref="Charge"/>), so its three storage writes are not part of the
/// turn's latency; the session's next check waits for it, so its own turns always see their own usage. Used only from its
/// grain, one turn at a time.
/// </remarks>
public sealed partial class TurnBudgets(IGrainFactory grains, string sessionKey, ILogger logger)
{
    private readonly string[] _keys = KeysOf(sessionKey);
    private Task _charging = Task.CompletedTask;

    /// <summary>The first budget whose cap is reached, or null when the turn may run.</summary>
    public async Task<BudgetStanding?> ExhaustedAsync() => (await StandingsAsync()).FirstOrDefault(standing => standing.Exhausted);

    /// <summary>The session's budgets, once the charges of its earlier turns are in.</summary>
    public async Task<BudgetStanding[]> StandingsAsync()
    {
        await _charging;
        return await Task.WhenAll(_keys.Select(key => grains.GetGrain<IBudgetGrain>(key).GetStandingAsync()));
    }

    /// <summary>Charges a turn's tokens, priced at <paramref name="model"/>, to every budget of the session, after the charges before it.</summary>
    public void Charge(string? model, TokenUsage usage)
    {
        if (usage.TotalTokens > 0)
        {
            _charging = ChargeAfterAsync(_charging, model, usage);
        }
    }

    /// <summary>Completes when every charge made so far is written (the grain waits for it before it deactivates).</summary>
    public Task SettledAsync() => _charging;

    // One write after the other: concurrent writes to one SQLite file wait for each other (Microsoft.Data.Sqlite retries a
    // busy database after 150 ms), which made three at once cost 150 ms in the benchmark. A charge that cannot be written
    // is logged and lost: the turn it counts was answered already.
    private async Task ChargeAfterAsync(Task previous, string? model, TokenUsage usage)
    {
        await previous;
        foreach (var key in _keys)
        {
            try
            {
                await grains.GetGrain<IBudgetGrain>(key).ChargeAsync(model, usage.InputTokens, usage.OutputTokens);
            }
            catch (Exception exception)
            {
                LogChargeFailed(exception, key, usage.TotalTokens);
            }
        }
    }

    private static string[] KeysOf(string sessionKey) =>
        SessionKey.TryParse(sessionKey, out var key) && BudgetKeys.ForUserOf(key) is { } user
            ? [BudgetKeys.ForSession(sessionKey), user, BudgetKeys.Deployment]
            : [BudgetKeys.ForSession(sessionKey), BudgetKeys.Deployment];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Budget {Budget} could not be charged {Tokens} tokens")]
    private partial void LogChargeFailed(Exception exception, string budget, long tokens);
}
