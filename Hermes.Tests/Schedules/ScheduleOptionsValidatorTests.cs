using Hermes.Grains.Schedules;

namespace Hermes.Tests.Schedules;

public sealed class ScheduleOptionsValidatorTests
{
    [Fact]
    public void An_unknown_default_time_zone_and_a_zero_interval_are_refused_by_name()
    {
        var result = new ScheduleOptionsValidator().Validate(null, new ScheduleOptions { DefaultTimeZone = "Mars/Olympus", MinimumInterval = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Contains("Hermes:Schedules:DefaultTimeZone 'Mars/Olympus'", result.FailureMessage);
        Assert.Contains("Hermes:Schedules:MinimumInterval must be positive", result.FailureMessage);
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.True(new ScheduleOptionsValidator().Validate(null, new ScheduleOptions()).Succeeded);
}
