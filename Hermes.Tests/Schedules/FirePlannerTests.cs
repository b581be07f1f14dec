using Hermes.Grains.Schedules;
using Microsoft.Extensions.Time.Testing;

namespace Hermes.Tests.Schedules;

/// <summary>When a due time runs, is skipped with a note, or is caught up after the cluster was down (pure, on a fake clock).</summary>
public sealed class FirePlannerTests
{
    private static readonly TimeSpan MissedAfter = TimeSpan.FromMinutes(2);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Nothing_runs_before_the_due_time_and_the_due_time_runs_once_it_comes()
    {
        var schedule = Hourly();

        Assert.Null(Decide(schedule).Run);
        _clock.Advance(TimeSpan.FromHours(1));
        var decision = Decide(schedule);

        Assert.Equal(_clock.GetUtcNow(), decision.Run);
        Assert.Equal(_clock.GetUtcNow().AddHours(1), decision.NextDue);
        Assert.Equal(0, decision.Skipped);
        Assert.Null(decision.Note);
    }

    [Fact]
    public void A_due_time_that_comes_while_the_previous_run_still_runs_is_skipped_with_a_note()
    {
        var schedule = Hourly();
        _clock.Advance(TimeSpan.FromHours(1));

        var decision = Decide(schedule, previousStillRuns: true);

        Assert.Null(decision.Run);
        Assert.Equal(1, decision.Skipped);
        Assert.Equal(_clock.GetUtcNow().AddHours(1), decision.NextDue);
        Assert.Contains("previous run is still running", decision.Note);
    }

    [Fact]
    public void Due_times_missed_while_the_cluster_was_down_run_once_for_the_latest()
    {
        var schedule = Hourly();
        _clock.Advance(TimeSpan.FromHours(3.5));

        var decision = Decide(schedule, missed: MissedFires.Once);

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 13, 0, 0, TimeSpan.Zero), decision.Run);
        Assert.Equal(2, decision.Skipped);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero), decision.NextDue);
        Assert.Contains("missed 3 due times", decision.Note);
    }

    [Fact]
    public void Due_times_missed_while_the_cluster_was_down_are_skipped_when_configured_so()
    {
        var schedule = Hourly();
        _clock.Advance(TimeSpan.FromHours(3.5));

        var decision = Decide(schedule, missed: MissedFires.Skip);

        Assert.Null(decision.Run);
        Assert.Equal(3, decision.Skipped);
        Assert.Contains("skipped", decision.Note);
    }

    [Fact]
    public void One_due_time_a_little_late_still_runs_as_on_time_but_later_than_the_grace_it_counts_as_missed()
    {
        var schedule = Hourly();
        _clock.Advance(TimeSpan.FromHours(1) + MissedAfter);
        Assert.Null(Decide(schedule, missed: MissedFires.Skip).Note);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(Decide(schedule, missed: MissedFires.Skip).Run);
    }

    [Fact]
    public void A_one_shot_has_no_due_time_after_its_run()
    {
        var schedule = new Schedule { Id = "s1", Cadence = Cadence.Once(_clock.GetUtcNow().AddMinutes(5)), NextDue = _clock.GetUtcNow().AddMinutes(5) };
        _clock.Advance(TimeSpan.FromMinutes(5));

        var decision = Decide(schedule);

        Assert.Equal(_clock.GetUtcNow(), decision.Run);
        Assert.Null(decision.NextDue);
    }

    private Schedule Hourly()
    {
        var cadence = Cadence.Interval(_clock.GetUtcNow(), TimeSpan.FromHours(1));
        return new Schedule { Id = "s1", Cadence = cadence, NextDue = cadence.NextAfter(_clock.GetUtcNow(), TimeZoneInfo.Utc) };
    }

    private FireDecision Decide(Schedule schedule, bool previousStillRuns = false, MissedFires missed = MissedFires.Once) =>
        FirePlanner.Decide(schedule, _clock.GetUtcNow(), TimeZoneInfo.Utc, previousStillRuns, missed, MissedAfter);
}
