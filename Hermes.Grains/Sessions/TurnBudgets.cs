using Hermes.Contracts.Budgets;
using Hermes.Contracts.Sessions;
using Microsoft.Extensions.Logging;

namespace Hermes.Grains.Sessions;

/// <summary>
/// The budgets one session's turns count against: its own, its user's (across their sessions) and the deployment's.
/// A turn is checked against every budget that has a cap before any model call, and charged to those budgets once it is
/// recorded.
/// </summary>
/// <remarks>
/// Only a budget with a cap (configured for its scope, or set by an operator) is read before each turn: the session reads
/// every budget's standing when it starts and again after <see cref="RecheckAfter"/>, so a cap an operator sets on an
/// uncapped budget applies within that time (the usage before it is not counted). Charges go to capped budgets only, so
/// a deployment without caps pays for budgets neither a read nor a write per turn. The charge runs after the reply has gone back (<see cref="Charge"/>), so its
/// writes are not part of the turn's latency; the session's next check waits for it, so its own turns always see their
/// own usage. Used only from its grain, one turn at a time.
/// </remarks>
public sealed partial class TurnBudgets(IGrainFactory grains, string sessionKey, TimeProvider time, ILogger logger)
{
    /// <summary>How long a session trusts that a budget has no cap before it reads the budget again.</summary>
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromMinutes(1);

    private Task _charging = Task.CompletedTask;
    private string[]? _capped;
    private DateTimeOffset _readAt;

    /// <summary>The first budget whose cap is reached, or null when the turn may run.</summary>
    public async Task<BudgetStanding?> ExhaustedAsync()
    {
        if (_capped is not { } capped || time.GetUtcNow() - _readAt >= RecheckAfter)
        {
            return (await StandingsAsync()).FirstOrDefault(standing => standing.Exhausted);
        }

        if (capped.Length == 0)
        {
            // Nothing capped: no read, and no wait for the last turn's charges, which no cap depends on.
            return null;
        }

        await _charging;
        return (await ReadAsync(capped)).FirstOrDefault(standing => standing.Exhausted);
    }

    /// <summary>Every budget of the session, once the charges of its earlier turns are in.</summary>
    public async Task<BudgetStanding[]> StandingsAsync()
    {
        await _charging;
        // The keys are made for each read (once a minute at most) rather than kept by every idle session.
        var standings = await ReadAsync(KeysOf(sessionKey));
        _capped = [.. standings.Where(standing => standing.Caps != BudgetCaps.None).Select(standing => standing.Key)];
        _readAt = time.GetUtcNow();
        return standings;
    }

    /// <summary>Charges a turn's tokens, priced at <paramref name="model"/>, to the session's capped budgets, after the charges before it.</summary>
    public void Charge(string? model, TokenUsage usage)
    {
        if (usage.TotalTokens > 0 && _capped is { Length: > 0 } capped)
        {
            _charging = ChargeAfterAsync(_charging, capped, model, usage);
        }
    }

    /// <summary>Completes when every charge made so far is written (the grain waits for it before it deactivates).</summary>
    public Task SettledAsync() => _charging;

    private Task<BudgetStanding[]> ReadAsync(string[] keys) =>
        Task.WhenAll(keys.Select(key => grains.GetGrain<IBudgetGrain>(key).GetStandingAsync()));

    // A charge that cannot be written is logged and lost: the turn it counts was answered already.
    private async Task ChargeAfterAsync(Task previous, string[] keys, string? model, TokenUsage usage)
    {
        await previous;
        await Task.WhenAll(keys.Select(async key =>
        {
            try
            {
                await grains.GetGrain<IBudgetGrain>(key).ChargeAsync(model, usage.InputTokens, usage.OutputTokens);
            }
            catch (Exception exception)
            {
                LogChargeFailed(exception, key, usage.TotalTokens);
            }
        }));
    }

    private static string[] KeysOf(string sessionKey) =>
        SessionKey.TryParse(sessionKey, out var key) && BudgetKeys.ForUserOf(key) is { } user
            ? [BudgetKeys.ForSession(sessionKey), user, BudgetKeys.Deployment]
            : [BudgetKeys.ForSession(sessionKey), BudgetKeys.Deployment];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Budget {Budget} could not be charged {Tokens} tokens")]
    private partial void LogChargeFailed(Exception exception, string budget, long tokens);
}
