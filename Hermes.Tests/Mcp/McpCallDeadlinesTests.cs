using Hermes.Grains.Mcp;
using Microsoft.Extensions.Time.Testing;

namespace Hermes.Tests.Mcp;

public sealed class McpCallDeadlinesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public void A_deadline_handed_back_in_time_is_armed_again_for_the_next_call_on_the_system_clock()
    {
        var deadlines = new McpCallDeadlines(Timeout, TimeProvider.System);
        var first = deadlines.Start();
        deadlines.Return(first);

        var second = deadlines.Start();

        Assert.Same(first, second);
        Assert.False(second.IsCancellationRequested);
    }

    [Fact]
    public void A_cancelled_deadline_is_never_handed_out_again()
    {
        var deadlines = new McpCallDeadlines(Timeout, TimeProvider.System);
        var cancelled = deadlines.Start();
        cancelled.Cancel();
        deadlines.Return(cancelled);

        var next = deadlines.Start();

        Assert.NotSame(cancelled, next);
        Assert.False(next.IsCancellationRequested);
    }

    [Fact]
    public void Every_deadline_expires_after_the_timeout_on_the_pools_clock()
    {
        var time = new FakeTimeProvider();
        var deadlines = new McpCallDeadlines(Timeout, time);
        deadlines.Return(deadlines.Start());
        var deadline = deadlines.Start();

        time.Advance(Timeout - TimeSpan.FromSeconds(1));
        Assert.False(deadline.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(deadline.IsCancellationRequested);
    }
}
