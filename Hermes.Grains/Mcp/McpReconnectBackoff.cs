using Hermes.Contracts.Mcp;

namespace Hermes.Grains.Mcp;

/// <summary>
/// When a connection whose server failed may try again: after the k-th failure in a row it waits
/// <c>min(base × 2^(k-1), max)</c>, so a server that crashes on start is spawned at most <c>1 + ⌊log2(1 + T/base)⌋</c>
/// times in T (while the delays stay under the cap, then once per cap). A server that dies after serving at least one call
/// is reconnected at once, and the count restarts with every call that succeeds.
/// </summary>
/// <remarks>
/// Polly's circuit breaker was considered: it samples failure ratios over a window with a minimum throughput of two, which
/// gives no simple bound on spawns; this rule is the bound.
/// </remarks>
public sealed class McpReconnectBackoff(TimeSpan baseDelay, TimeSpan maxDelay)
{
    private readonly Lock _lock = new();
    private int _failures;
    private DateTimeOffset? _retryAt;

    /// <summary>The earliest time of the next attempt, or null when one may start now.</summary>
    public DateTimeOffset? RetryAt
    {
        get
        {
            lock (_lock)
            {
                return _retryAt;
            }
        }
    }

    public bool MayAttempt(DateTimeOffset now)
    {
        lock (_lock)
        {
            return _retryAt is not { } retryAt || now >= retryAt;
        }
    }

    /// <param name="now">When the failure happened.</param>
    /// <param name="diedAfterServing">True when a server that had answered a call died; it may reconnect at once.</param>
    public void RecordFailure(DateTimeOffset now, bool diedAfterServing)
    {
        lock (_lock)
        {
            _failures++;
            _retryAt = diedAfterServing ? now : now + DelayAfter(_failures);
        }
    }

    public void RecordSuccess()
    {
        lock (_lock)
        {
            _failures = 0;
            _retryAt = null;
        }
    }

    /// <summary>The wait after <paramref name="failures"/> failures in a row.</summary>
    public TimeSpan DelayAfter(int failures)
    {
        if (failures <= 0)
        {
            return TimeSpan.Zero;
        }

        // Doubling past 2^30 overflows long before any cap matters.
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(baseDelay.Ticks * factor, maxDelay.Ticks));
    }
}
