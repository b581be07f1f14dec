using Microsoft.Extensions.Options;

namespace Hermes.Grains.Schedules;

/// <summary>Refuses, at start, schedule settings that would otherwise misfire later.</summary>
public sealed class ScheduleOptionsValidator : IValidateOptions<ScheduleOptions>
{
    public ValidateOptionsResult Validate(string? name, ScheduleOptions options)
    {
        List<string> failures = [];
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.DefaultTimeZone, out _))
        {
            failures.Add($"Hermes:Schedules:DefaultTimeZone '{options.DefaultTimeZone}' is not a time zone this machine knows (use an IANA id such as Europe/Paris).");
        }

        foreach (var (key, value) in new[] { ("MinimumInterval", options.MinimumInterval), ("MissedAfter", options.MissedAfter), ("RetryPeriod", options.RetryPeriod) })
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"Hermes:Schedules:{key} must be positive.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
