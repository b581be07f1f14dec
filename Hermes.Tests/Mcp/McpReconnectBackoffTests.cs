using Hermes.Contracts.Mcp;
using Hermes.Grains.Mcp;

namespace Hermes.Tests.Mcp;

public sealed class McpReconnectBackoffTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_failure_in_a_row_doubles_the_wait_up_to_the_cap()
    {
        var backoff = new McpReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            backoff.RecordFailure(Start, diedAfterServing: false);
            waits.Add(backoff.RetryAt!.Value - Start);
        }

        Assert.Equal([1, 2, 4, 8, 10, 10], waits.Select(wait => wait.TotalSeconds));
        Assert.False(backoff.MayAttempt(Start + TimeSpan.FromSeconds(9.9)));
        Assert.True(backoff.MayAttempt(Start + TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_server_that_dies_after_serving_may_reconnect_at_once_and_a_success_starts_the_count_again()
    {
        var backoff = new McpReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));

        backoff.RecordFailure(Start, diedAfterServing: true);
        Assert.True(backoff.MayAttempt(Start));
        backoff.RecordFailure(Start, diedAfterServing: false);
        Assert.Equal(Start + TimeSpan.FromSeconds(2), backoff.RetryAt);

        backoff.RecordSuccess();
        Assert.Null(backoff.RetryAt);
        backoff.RecordFailure(Start, diedAfterServing: false);
        Assert.Equal(Start + TimeSpan.FromSeconds(1), backoff.RetryAt);
    }

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(60, 6)]
    [InlineData(3600, 36)]
    public void A_server_that_never_starts_is_tried_at_most_a_bounded_number_of_times_however_often_it_is_asked(double seconds, int bound)
    {
        // Someone asks every 10 ms for the whole period; with the defaults (1 s doubling to 2 min) attempts happen at
        // 0, 1, 3, 7, 15, 31, 63, 127 s, then every 120 s.
        var backoff = new McpReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));
        var attempts = 0;
        for (var now = Start; now < Start + TimeSpan.FromSeconds(seconds); now += TimeSpan.FromMilliseconds(10))
        {
            if (backoff.MayAttempt(now))
            {
                attempts++;
                backoff.RecordFailure(now, diedAfterServing: false);
            }
        }

        Assert.Equal(bound, attempts);
    }
}
