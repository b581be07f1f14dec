using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Sessions;

/// <summary>
/// Turns the handling of one message into the stream a front-end reads: its progress as it comes, a heartbeat at a steady
/// interval (so that a front-end's call timeout never fires during a long tool call), and the end.
/// </summary>
public static class TurnStream
{
    /// <param name="handle">Handles the message, reporting progress to the sink it is given, its last update a <see cref="TurnFinished"/>.</param>
    /// <param name="heartbeat">How often to say the turn still works.</param>
    /// <param name="time">The clock of the heartbeats.</param>
    /// <param name="cancellationToken">The reader's; leaving the stream early also cancels the handling.</param>
    public static async IAsyncEnumerable<TurnUpdate> RunAsync(
        Func<Action<TurnUpdate>, CancellationToken, Task<TurnResult>> handle,
        TimeSpan heartbeat,
        TimeProvider time,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var updates = Channel.CreateUnbounded<TurnUpdate>(new UnboundedChannelOptions { SingleReader = true });
        using var streamEnded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var handling = handle(update => updates.Writer.TryWrite(update), streamEnded.Token)
            .ContinueWith(
                task => updates.Writer.Complete(task.IsCanceled ? new OperationCanceledException() : task.Exception?.InnerException),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Current);
        // Disposing the timer ends the heartbeats without an exception, however the stream ends.
        var heartbeats = new PeriodicTimer(heartbeat, time);
        var beating = SendHeartbeatsAsync(updates.Writer, heartbeats);
        var finished = false;
        try
        {
            await foreach (var update in updates.Reader.ReadAllAsync(cancellationToken))
            {
                yield return update;
            }

            finished = true;
        }
        finally
        {
            if (!finished)
            {
                // The front-end left the stream or cancelled: its turn stops too.
                await streamEnded.CancelAsync();
            }

            heartbeats.Dispose();
            await Task.WhenAll(handling, beating);
        }
    }

    private static async Task SendHeartbeatsAsync(ChannelWriter<TurnUpdate> updates, PeriodicTimer timer)
    {
        while (await timer.WaitForNextTickAsync() && updates.TryWrite(new TurnHeartbeat()))
        {
        }
    }
}
