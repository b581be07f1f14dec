namespace Hermes.Tests.Infrastructure;

/// <summary>
/// Holds a silo at one stage of its lifecycle, on the way up or on the way down, until the test lets it go; so that a
/// test can look at the silo while it is starting or stopping.
/// </summary>
public sealed class SiloLifecycleGate(int stage, bool onStop) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the silo arrives at the gate.</summary>
    public Task Reached => _reached.Task;

    public void Release() => _released.TrySetResult();

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(
        nameof(SiloLifecycleGate),
        stage,
        onStart: onStop ? _ => Task.CompletedTask : HoldAsync,
        onStop: onStop ? HoldAsync : _ => Task.CompletedTask);

    private async Task HoldAsync(CancellationToken cancellationToken)
    {
        _reached.TrySetResult();
        await _released.Task.WaitAsync(cancellationToken);
    }
}
