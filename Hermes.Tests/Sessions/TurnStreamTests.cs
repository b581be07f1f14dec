using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace Hermes.Tests.Sessions;

public sealed class TurnStreamTests
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Progress_comes_as_it_happens_heartbeats_follow_the_clock_and_the_stream_ends_with_the_handling()
    {
        var handled = new TaskCompletionSource<TurnResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var updates = TurnStream.RunAsync((progress, _) =>
        {
            progress(new TextDelta("hello"));
            return handled.Task;
        }, Heartbeat, _time, CancellationToken.None).GetAsyncEnumerator();

        Assert.True(await updates.MoveNextAsync());
        Assert.Equal(new TextDelta("hello"), updates.Current);
        var next = updates.MoveNextAsync();
        _time.Advance(Heartbeat - TimeSpan.FromSeconds(1));
        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await next);
        Assert.IsType<TurnHeartbeat>(updates.Current);

        handled.SetResult(new TurnResult(1, TurnOutcome.Completed, "done", null, false, null, 0, 0, TokenUsage.None, AgentFate.Kept, null, TimeSpan.Zero, null));
        Assert.False(await updates.MoveNextAsync());
    }

    [Fact]
    public async Task A_reader_that_leaves_early_cancels_the_handling()
    {
        CancellationToken handling = default;
        var updates = TurnStream.RunAsync(async (progress, token) =>
        {
            handling = token;
            progress(new TextDelta("first"));
            await Task.Delay(Timeout.Infinite, token);
            return null!;
        }, Heartbeat, _time, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());

        await updates.DisposeAsync();

        Assert.True(handling.IsCancellationRequested);
    }

    [Fact]
    public async Task A_handling_that_fails_ends_the_stream_with_its_exception()
    {
        var updates = TurnStream.RunAsync(
            (_, _) => Task.FromException<TurnResult>(new MessageIdReusedException("used")), Heartbeat, _time, CancellationToken.None);

        await Assert.ThrowsAsync<MessageIdReusedException>(async () =>
        {
            await foreach (var _ in updates)
            {
            }
        });
    }
}
