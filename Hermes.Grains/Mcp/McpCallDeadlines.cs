namespace Hermes.Grains.Mcp;

/// <summary>
/// The deadlines of one connection's tool calls: each call's token is cancelled when the server's <c>timeout</c> has passed
/// on the pool's clock. A call that ended in time hands its source back, and the next call re-arms it instead of creating a
/// source and a timer of its own: a warm connection's call allocates no deadline.
/// </summary>
internal sealed class McpCallDeadlines(TimeSpan timeout, TimeProvider time)
{
    // One spare is enough: a session's connection mostly serves one call at a time; concurrent calls (a shared server, or
    // parallel tool calls) get sources of their own, and one of them is kept.
    private CancellationTokenSource? _spare;

    /// <summary>Starts a call's deadline; hand it back with <see cref="Return"/> once the call has ended.</summary>
    public CancellationTokenSource Start()
    {
        if (Interlocked.Exchange(ref _spare, null) is { } spare)
        {
            spare.CancelAfter(timeout);
            return spare;
        }

        return new CancellationTokenSource(timeout, time);
    }

    /// <summary>
    /// Takes back a deadline whose call has ended. One that expired or was cancelled is disposed; so is one whose timer
    /// cannot be stopped for certain (<see cref="CancellationTokenSource.TryReset"/> refuses it, as for another clock's timer).
    /// </summary>
    public void Return(CancellationTokenSource deadline)
    {
        if (!deadline.TryReset() || Interlocked.CompareExchange(ref _spare, deadline, null) is not null)
        {
            deadline.Dispose();
        }
    }
}
