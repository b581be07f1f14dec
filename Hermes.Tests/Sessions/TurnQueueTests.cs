using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;

namespace Hermes.Tests.Sessions;

public sealed class TurnQueueTests
{
    [Fact]
    public async Task Turns_run_one_at_a_time_in_arrival_order_and_a_full_queue_refuses()
    {
        var queue = new TurnQueue(() => 2);
        var first = queue.TryJoin(CancellationToken.None)!;
        var second = queue.TryJoin(CancellationToken.None)!;
        var third = queue.TryJoin(CancellationToken.None)!;

        Assert.Null(queue.TryJoin(CancellationToken.None));
        Assert.Same(first, queue.Running);
        var secondTurn = queue.WaitAsync(second);
        var thirdTurn = queue.WaitAsync(third);
        Assert.False(secondTurn.IsCompleted);

        queue.Leave(first);
        await secondTurn;
        Assert.Same(second, queue.Running);
        Assert.False(thirdTurn.IsCompleted);
        queue.Leave(second);
        await thirdTurn;
        Assert.Same(third, queue.Running);
    }

    [Fact]
    public async Task A_priority_entry_goes_first_even_when_the_queue_is_full_and_withdrawn_entries_are_skipped()
    {
        var queue = new TurnQueue(() => 1);
        var running = queue.TryJoin(CancellationToken.None)!;
        var waiting = queue.TryJoin(CancellationToken.None)!;
        var waitingTurn = queue.WaitAsync(waiting);

        queue.CancelAll();
        var priority = queue.TryJoin(CancellationToken.None, priority: true)!;
        var priorityTurn = queue.WaitAsync(priority);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waitingTurn);
        Assert.True(running.Token.IsCancellationRequested);
        queue.Leave(running);
        await priorityTurn;

        Assert.Same(priority, queue.Running);
        Assert.Equal(0, queue.Waiting);
        Assert.True(running.Finished.IsCompleted);
    }
}
