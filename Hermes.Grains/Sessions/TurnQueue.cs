using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Sessions;

/// <summary>
/// Orders a session's turns. Orleans interleaves a reentrant grain's calls (streaming ones always), so the grain orders
/// its own turns: one runs, the others wait in arrival order up to a bound, and control commands bypass the queue.
/// </summary>
/// <remarks>Used only from its grain's scheduler, so it needs no locks.</remarks>
public sealed class TurnQueue(Func<int> capacity)
{
    // Made when a turn first has to wait: most sessions never queue one.
    private LinkedList<TurnTicket>? _waiting;

    /// <summary>The ticket whose turn runs now, if any.</summary>
    public TurnTicket? Running { get; private set; }

    public int Waiting => _waiting?.Count ?? 0;

    /// <summary>Takes a place at the end of the queue (or at its head for a <paramref name="priority"/> entry).</summary>
    /// <returns>Null when the queue is full; priority entries are never refused.</returns>
    public TurnTicket? TryJoin(CancellationToken callerToken, bool priority = false)
    {
        if (!priority && Running is not null && Waiting >= capacity())
        {
            return null;
        }

        var ticket = new TurnTicket(callerToken);
        if (Running is null && ticket.TryStart())
        {
            Running = ticket;
        }
        else if (priority)
        {
            (_waiting ??= []).AddFirst(ticket);
        }
        else
        {
            (_waiting ??= []).AddLast(ticket);
        }

        return ticket;
    }

    /// <summary>Waits until the ticket's turn comes.</summary>
    /// <exception cref="OperationCanceledException">The ticket was cancelled while it waited.</exception>
    public async Task WaitAsync(TurnTicket ticket)
    {
        using var withdrawal = ticket.Token.Register(static state => ((TurnTicket)state!).Withdraw(), ticket);
        try
        {
            await ticket.Started;
        }
        catch (OperationCanceledException)
        {
            _waiting?.Remove(ticket);
            throw;
        }
    }

    /// <summary>Gives up the ticket's place, and the turn to the next waiting ticket that was not withdrawn.</summary>
    public void Leave(TurnTicket ticket)
    {
        _waiting?.Remove(ticket);
        ticket.Finish();
        ticket.Dispose();
        if (Running != ticket)
        {
            return;
        }

        Running = null;
        while (_waiting?.First is { } next)
        {
            _waiting.RemoveFirst();

            // Running before it starts: its continuation may run at once and leave again.
            Running = next.Value;
            if (next.Value.TryStart())
            {
                return;
            }

            Running = null;
        }
    }

    /// <summary>Cancels the running turn and every waiting one.</summary>
    public void CancelAll()
    {
        // Waiting ones first: the running turn may end at once, and must not hand its place to one about to be withdrawn.
        foreach (var ticket in _waiting?.ToArray() ?? [])
        {
            ticket.Cancel();
        }

        Running?.Cancel();
    }
}
