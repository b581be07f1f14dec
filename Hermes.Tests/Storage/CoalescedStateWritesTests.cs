using Hermes.Grains.Storage;
using Hermes.Tests.Infrastructure;

namespace Hermes.Tests.Storage;

/// <summary>Callers that arrive while a write runs share the next write, and none returns before its change is stored.</summary>
public sealed class CoalescedStateWritesTests
{
    [Fact]
    public async Task Callers_during_a_write_share_the_next_one_and_each_returns_once_a_write_after_its_call_is_stored()
    {
        List<TaskCompletionSource> started = [];
        var writes = new CoalescedStateWrites(() =>
        {
            var write = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            started.Add(write);
            return write.Task;
        });

        var first = writes.WriteAsync();
        var second = writes.WriteAsync();
        var third = writes.WriteAsync();
        Assert.Single(started);

        started[0].SetResult();
        await first;
        Assert.False(second.IsCompleted, "a caller that came during the first write returned before its own change was stored");
        await Poll.UntilAsync(() => started.Count == 2, "the second write to start");

        started[1].SetResult();
        await Task.WhenAll(second, third);
        Assert.Equal(2, started.Count);
    }

    [Fact]
    public async Task A_failed_write_fails_its_callers_and_the_next_caller_gets_a_write_of_its_own()
    {
        var calls = 0;
        var writes = new CoalescedStateWrites(() => ++calls == 1 ? Task.FromException(new InvalidOperationException("store down")) : Task.CompletedTask);

        await Assert.ThrowsAsync<InvalidOperationException>(writes.WriteAsync);
        await writes.WriteAsync();

        Assert.Equal(2, calls);
    }
}
