using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Sessions;

/// <summary>A place in a session's <see cref="TurnQueue"/>: its cancellation, and signals for its start and end.</summary>
public sealed class TurnTicket : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal TurnTicket(CancellationToken callerToken) =>
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(callerToken);

    /// <summary>Cancelled by the caller, by <c>/stop</c>, by <c>/new</c>, or by a message that interrupts this turn.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>Completes when the ticket left the queue, whether it ran or not.</summary>
    public Task Finished => _finished.Task;

    internal Task Started => _started.Task;

    public void Cancel() => _cancellation.Cancel();

    /// <summary>Lets the ticket run; false when it was withdrawn first.</summary>
    internal bool TryStart() => _started.TrySetResult();

    internal void Withdraw() => _started.TrySetCanceled(Token);

    internal void Finish() => _finished.TrySetResult();

    public void Dispose() => _cancellation.Dispose();
}
