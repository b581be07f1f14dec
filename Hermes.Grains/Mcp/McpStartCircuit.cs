namespace Hermes.Grains.Mcp;

/// <summary>
/// Decides, for one server configuration across all the silo's sessions, when a process of it may start. Its
/// <see cref="McpReconnectBackoff"/> spaces the attempts after failures; on top of it at most one start is under way while
/// the configuration is failing or not yet proven, and at most <c>MaxConcurrentStarts</c> while it starts well. Sessions
/// over the limit wait for the start under way and learn its outcome: when it failed, they are refused without a spawn of
/// their own. So however many sessions use a server that exits at once, the silo spawns it no more often than one
/// session alone would.
/// </summary>
public sealed class McpStartCircuit(McpReconnectBackoff backoff, int maxConcurrentStarts, TimeProvider time)
{
    private readonly Lock _lock = new();
    private int _starting;
    private bool _proven;
    private int _failures;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts of this configuration that failed in this silo, in all (the count is not reset by a success).</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>The earliest time of the next start while the configuration is failing; null when one may start now.</summary>
    public DateTimeOffset? RetryAt => backoff.RetryAt;

    /// <summary>
    /// Waits for the right to start a process of this configuration. Returns null once granted (the caller then reports the
    /// outcome with <see cref="Succeeded"/>, <see cref="Failed"/> or <see cref="Abandoned"/>), or the time before which no start may
    /// begin. <paramref name="force"/> (an explicit reload) skips the wait of the backoff, not the limit on starts at once.
    /// </summary>
    public async Task<DateTimeOffset?> EnterAsync(bool force, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (!force && !backoff.MayAttempt(time.GetUtcNow()))
                {
                    return backoff.RetryAt;
                }

                var limit = _proven && backoff.RetryAt is null ? maxConcurrentStarts : 1;
                if (_starting < limit)
                {
                    _starting++;
                    return null;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>A granted start completed its handshake.</summary>
    public void Succeeded() => Leave(() =>
    {
        _proven = true;
        backoff.RecordSuccess();
    });

    /// <summary>A granted start failed: the next one waits as the backoff says.</summary>
    public void Failed() => Leave(() => RecordFailure(diedAfterServing: false));

    /// <summary>A granted start did not happen for a reason that is not the server's (the silo's process limit, say).</summary>
    public void Abandoned() => Leave(() => { });

    /// <summary>
    /// A process of this configuration that had started went away. One that had served a call may be started again at once;
    /// one that died before serving counts as a failed start.
    /// </summary>
    public void Lost(bool afterServing)
    {
        lock (_lock)
        {
            RecordFailure(afterServing);
            Signal();
        }
    }

    private void RecordFailure(bool diedAfterServing)
    {
        if (!diedAfterServing)
        {
            Interlocked.Increment(ref _failures);
        }

        backoff.RecordFailure(time.GetUtcNow(), diedAfterServing);
    }

    private void Leave(Action outcome)
    {
        lock (_lock)
        {
            _starting--;
            outcome();
            Signal();
        }
    }

    // Wakes every waiter to look again; called under the lock.
    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.SetResult();
    }
}
