using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Sessions;

/// <summary>
/// Runs a session's ordered work one piece at a time, in arrival order, over <see cref="TurnQueue"/>: it admits or refuses
/// work, reports a queue position, hands the running work a <see cref="TurnContext"/> that <c>/stop</c> can cancel, and
/// turns a cancelled or withdrawn piece of work into its answer.
/// </summary>
/// <remarks>Used only from its grain's scheduler, so it needs no locks.</remarks>
public sealed class TurnScheduler(Func<int> capacity)
{
    private readonly TurnQueue _queue = new(capacity);

    public bool IsRunning => _queue.Running is not null;

    public int Waiting => _queue.Waiting;

    /// <summary>Runs <paramref name="work"/> when its turn comes: at once when idle, else behind the running turn.</summary>
    /// <param name="answer">Builds the result of work that did not run to its end: refused as busy, stopped, or withdrawn.</param>
    public async Task<TurnResult> RunAsync(
        TurnContext context, TurnAdmission admission, Func<TurnContext, Task<TurnResult>> work, Func<string, TurnOutcome, TurnResult> answer)
    {
        var running = _queue.Running;
        if (_queue.TryJoin(context.Cancellation, admission == TurnAdmission.Priority) is not { } ticket)
        {
            return answer($"Busy: {capacity()} messages are already waiting. Send this one again when the current turn has finished.", TurnOutcome.Busy);
        }

        // Only work that got a place interrupts: a message refused as busy leaves the running turn alone.
        if (admission == TurnAdmission.Interrupt && running is not null)
        {
            running.Cancel();
        }

        try
        {
            if (_queue.Running != ticket)
            {
                context.Report(new TurnQueued(_queue.Waiting));
            }

            await _queue.WaitAsync(ticket);
            return await work(context with { Cancellation = ticket.Token });
        }
        catch (OperationCanceledException) when (ticket.Token.IsCancellationRequested)
        {
            return answer(_queue.Running == ticket ? "Stopped before it finished." : "The message was withdrawn before its turn came.", TurnOutcome.Interrupted);
        }
        finally
        {
            _queue.Leave(ticket);
        }
    }

    /// <summary><c>/stop</c>: cancels the running work and waits for it to end, at most <paramref name="timeout"/>; returns the answer.</summary>
    public async Task<string> StopAsync(TimeSpan timeout)
    {
        if (_queue.Running is not { } running)
        {
            return "Nothing is running.";
        }

        running.Cancel();
        try
        {
            await running.Finished.WaitAsync(timeout);
            return "Stopped the running turn.";
        }
        catch (TimeoutException)
        {
            return $"Asked the running turn to stop; it has not ended after {timeout.TotalSeconds:0.#} s.";
        }
    }

    /// <summary>Cancels the running work and withdraws every waiting piece.</summary>
    public void CancelAll() => _queue.CancelAll();

    /// <summary>
    /// Lets the running work finish until <paramref name="patience"/> runs out, then stops everything and waits for the
    /// end, so that nothing uses the session's agent or writes its state afterwards.
    /// </summary>
    public async Task FinishAsync(CancellationToken patience)
    {
        if (_queue.Running is not { } running)
        {
            return;
        }

        try
        {
            await running.Finished.WaitAsync(patience);
        }
        catch (OperationCanceledException)
        {
            _queue.CancelAll();
            await running.Finished;
        }
    }
}
