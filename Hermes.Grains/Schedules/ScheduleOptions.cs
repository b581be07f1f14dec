using System.ComponentModel.DataAnnotations;

namespace Hermes.Grains.Schedules;

/// <summary>Session schedules (<c>/every</c>, <c>/at</c>, <c>/in</c>). Section <c>Hermes:Schedules</c>.</summary>
public sealed class ScheduleOptions
{
    public const string SectionName = "Hermes:Schedules";

    /// <summary>Schedules one session may hold.</summary>
    [Range(0, 1000)]
    public int MaxPerSession { get; set; } = 20;

    /// <summary>The shortest interval a repeating schedule may have.</summary>
    public TimeSpan MinimumInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The time zone of a session that has not chosen one with <c>/timezone</c> (an IANA id).</summary>
    [Required]
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>Due times that passed while the cluster was down: run once when it is back, or skip.</summary>
    public MissedFires Missed { get; set; } = MissedFires.Once;

    /// <summary>A fire later than this after its due time counts as missed (the cluster was down), not as on time.</summary>
    public TimeSpan MissedAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The reminder's period: how soon a schedule looks again when a fire could not run or deliver (a silo died
    /// mid-turn). Never below Orleans' minimum reminder period.
    /// </summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
