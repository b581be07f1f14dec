namespace Hermes.Grains.Storage;

/// <summary>
/// Writes of one grain's state that concurrent calls share: a call that changed the state waits for a write that began
/// after its change, and every call that changed it while a write was running shares the next one. A state many callers
/// change (the deployment's budget) then costs one write per commit of the store, not one per call, while every call
/// still returns only once its change is durable.
/// </summary>
/// <remarks>
/// For a <c>[Reentrant]</c> grain: Orleans runs the grain's code one piece at a time, so the counters need no lock, and
/// <see cref="Orleans.Core.IStorage.WriteStateAsync()"/> is never called while another write of the same state runs.
/// </remarks>
public sealed class SharedWrites(Orleans.Core.IStorage state)
{
    private long _changes;
    private long _written;
    private Task _writing = Task.CompletedTask;

    /// <summary>Call after changing the state: completes once a write that holds the change is durable, or throws that write's failure.</summary>
    public async Task WriteAsync()
    {
        var change = ++_changes;
        while (_written < change)
        {
            if (_writing.IsCompleted)
            {
                _writing = WriteCoveringAsync(_changes);
                await _writing;
            }
            else
            {
                // A write that began before this change: wait it out, then write (or join the write begun meanwhile).
                // Its failure is told to its own callers; this change is written by a later one.
                await Task.WhenAny(_writing);
            }
        }
    }

    // The state's changes up to `covering` are in this write: once it is durable, calls waiting for them may return.
    private async Task WriteCoveringAsync(long covering)
    {
        await state.WriteStateAsync();
        _written = Math.Max(_written, covering);
    }
}
