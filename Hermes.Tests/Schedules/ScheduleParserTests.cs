using Hermes.Contracts.Schedules;
using Hermes.Grains.Schedules;
using Microsoft.Extensions.Time.Testing;

namespace Hermes.Tests.Schedules;

/// <summary>What <c>/every</c>, <c>/at</c> and <c>/in</c> understand, on a fake clock, in the session's time zone.</summary>
public sealed class ScheduleParserTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    // 07:30 in Paris (UTC+1 in winter).
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 6, 30, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("30m check the build", "every 30m", 30 * 60)]
    [InlineData("1h30m stretch", "every 1h30m", 90 * 60)]
    [InlineData("hour look outside", "every 1h", 60 * 60)]
    public void An_interval_fires_first_one_interval_from_now(string argument, string cadence, int seconds)
    {
        var parsed = Parse(ScheduleKind.Every, argument);

        Assert.Equal(cadence, parsed.Cadence!.Describe());
        Assert.Equal(_clock.GetUtcNow().AddSeconds(seconds), parsed.Cadence.NextAfter(_clock.GetUtcNow(), Paris));
        Assert.Equal(argument[(argument.IndexOf(' ') + 1)..], parsed.Prompt);
    }

    [Fact]
    public void Every_day_at_a_time_fires_at_that_wall_clock_time_in_the_sessions_zone()
    {
        var parsed = Parse(ScheduleKind.Every, "day at 08:00 summarise my inbox");

        Assert.Equal("summarise my inbox", parsed.Prompt);
        var first = parsed.Cadence!.NextAfter(_clock.GetUtcNow(), Paris)!.Value;
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.FromHours(1)), first);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(1)), parsed.Cadence.NextAfter(first, Paris));
    }

    [Theory]
    [InlineData("\"0 8 * * 1-5\" plan my day")]
    [InlineData("0 8 * * 1-5 plan my day")]
    public void A_cron_expression_quoted_or_bare_is_read_in_the_sessions_zone(string argument)
    {
        var parsed = Parse(ScheduleKind.Every, argument);

        Assert.Equal("cron 0 8 * * 1-5", parsed.Cadence!.Describe());
        Assert.Equal("plan my day", parsed.Prompt);

        // Monday 30 November 2026, 08:00 in Paris.
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.FromHours(1)), parsed.Cadence.NextAfter(_clock.GetUtcNow(), Paris));
    }

    [Fact]
    public void A_cron_expression_with_seconds_has_six_fields()
    {
        var parsed = Parse(ScheduleKind.Every, "*/10 * * * * * tick");

        Assert.Equal("tick", parsed.Prompt);
        Assert.Equal(TimeSpan.FromSeconds(10), parsed.Cadence!.ShortestGap(_clock.GetUtcNow(), Paris));
    }

    [Theory]
    [InlineData("2026-12-01 09:15 call mum", 2026, 12, 1, 9, 15)]
    [InlineData("2026-12-01T09:15 call mum", 2026, 12, 1, 9, 15)]
    [InlineData("tomorrow 09:15 call mum", 2026, 12, 1, 9, 15)]
    [InlineData("09:15 call mum", 2026, 11, 30, 9, 15)]
    [InlineData("07:00 call mum", 2026, 12, 1, 7, 0)]
    public void At_reads_a_wall_clock_time_and_a_bare_time_is_the_next_one(string argument, int year, int month, int day, int hour, int minute)
    {
        var parsed = Parse(ScheduleKind.At, argument);

        Assert.Equal("call mum", parsed.Prompt);
        Assert.False(parsed.Cadence!.Repeats);
        Assert.Equal(new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(1)), parsed.Cadence.NextAfter(_clock.GetUtcNow(), Paris));
    }

    [Fact]
    public void In_fires_once_after_the_duration()
    {
        var parsed = Parse(ScheduleKind.In, "20m remind me to stretch");

        Assert.Equal(_clock.GetUtcNow().AddMinutes(20), parsed.Cadence!.NextAfter(_clock.GetUtcNow(), Paris));
        _clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Null(parsed.Cadence.NextAfter(_clock.GetUtcNow(), Paris));
    }

    [Theory]
    [InlineData(ScheduleKind.Every, "soon do it", "neither an interval nor a cron expression")]
    [InlineData(ScheduleKind.Every, "90m at 08:00 x", "whole days")]
    [InlineData(ScheduleKind.Every, "day at 25:00 x", "not a time of day")]
    [InlineData(ScheduleKind.Every, "\"0 8 * *\" x", "not a cron expression")]
    [InlineData(ScheduleKind.Every, "1h", "no prompt")]
    [InlineData(ScheduleKind.At, "2026-11-29 08:00 too late", "in the past")]
    [InlineData(ScheduleKind.At, "someday x", "No time of day")]
    [InlineData(ScheduleKind.In, "later x", "not a duration")]
    public void What_is_not_understood_is_refused_with_the_reason(ScheduleKind kind, string argument, string reason)
    {
        var parsed = Parse(kind, argument);

        Assert.Null(parsed.Cadence);
        Assert.Contains(reason, parsed.Error);
    }

    private ParsedSchedule Parse(ScheduleKind kind, string argument) => ScheduleParser.Parse(kind, argument, _clock.GetUtcNow(), Paris);
}
