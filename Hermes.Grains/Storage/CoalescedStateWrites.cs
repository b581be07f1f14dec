namespace Hermes.Grains.Storage;

/// <summary>
/// Writes a reentrant grain's state for many callers at once: callers change the state in memory, then await
/// <see cref="WriteAsync"/>; one write runs at a time, and every caller that arrives while it runs waits for the next
/// one, which carries all their changes. Each caller still returns only once its change is stored.
/// </summary>
/// <remarks>
/// For a grain many others call at once (a budget every turn charges): it costs a handful of writes however many
/// callers there are, where one write per call would queue them all behind the store. Used on the grain's scheduler only.
/// </remarks>
public sealed class CoalescedStateWrites(Func<Task> write)
{
    private TaskCompletionSource? _due;
    private bool _writing;

    /// <summary>Completes once a write that started after this call has stored the state.</summary>
    public Task WriteAsync()
    {
        _due ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stored = _due.Task;
        if (!_writing)
        {
            _ = DrainAsync();
        }

        return stored;
    }

    private async Task DrainAsync()
    {
        _writing = true;
        while (_due is { } due)
        {
            // Changes made from here on need the next write.
            _due = null;
            try
            {
                await write();
                due.SetResult();
            }
            catch (Exception exception)
            {
                due.SetException(exception);
            }
        }

        _writing = false;
    }
}
