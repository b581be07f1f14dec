using Hermes.Grains.Schedules;
using Microsoft.Extensions.Time.Testing;

namespace Hermes.Tests.Schedules;

/// <summary>Next due times across daylight-saving changes and time zones (pure, on a fake clock).</summary>
public sealed class CadenceTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void A_daily_time_keeps_its_wall_clock_hour_across_the_change_to_summer_time()
    {
        // Paris moves from UTC+1 to UTC+2 on Sunday 28 March 2027 at 02:00; it is 06:00 on Saturday there.
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 27, 5, 0, 0, TimeSpan.Zero));
        var daily = Cadence.Daily(clock.GetUtcNow(), 1, new TimeOnly(8, 0));

        var saturday = daily.NextAfter(clock.GetUtcNow(), Paris)!.Value;
        var sunday = daily.NextAfter(saturday, Paris)!.Value;

        Assert.Equal(new DateTimeOffset(2027, 3, 27, 7, 0, 0, TimeSpan.Zero), saturday);
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 6, 0, 0, TimeSpan.Zero), sunday);
        Assert.Equal(TimeSpan.FromHours(23), sunday - saturday);
    }

    [Fact]
    public void A_time_skipped_by_the_clock_change_fires_just_after_it()
    {
        var skipped = Cadence.AtLocal(new DateOnly(2027, 3, 28), new TimeOnly(2, 30), Paris);

        Assert.Equal(new DateTimeOffset(2027, 3, 28, 3, 0, 0, TimeSpan.FromHours(2)), skipped);
    }

    [Fact]
    public void The_same_cron_expression_fires_at_each_zones_own_eight_oclock()
    {
        var now = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
        var cron = Cadence.FromCron("0 8 * * *");

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero), cron.NextAfter(now, Paris));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 13, 0, 0, TimeSpan.Zero), cron.NextAfter(now, NewYork));
    }

    [Fact]
    public void An_interval_counts_from_its_anchor_however_late_it_is_asked()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
        var every = Cadence.Interval(clock.GetUtcNow(), TimeSpan.FromMinutes(15));

        clock.Advance(TimeSpan.FromMinutes(47));

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 11, 0, 0, TimeSpan.Zero), every.NextAfter(clock.GetUtcNow(), TimeZoneInfo.Utc));
    }

    [Fact]
    public void Every_two_days_at_a_time_skips_a_day()
    {
        var start = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var everyOtherDay = Cadence.Daily(start, 2, new TimeOnly(9, 0));

        var first = everyOtherDay.NextAfter(start, TimeZoneInfo.Utc)!.Value;
        var second = everyOtherDay.NextAfter(first, TimeZoneInfo.Utc)!.Value;

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero), first);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero), second);
    }
}
