namespace Hermes.Grains.Schedules;

public enum CadenceKind
{
    /// <summary>Once, at an instant.</summary>
    Once,

    /// <summary>Every fixed interval from an anchor instant.</summary>
    Interval,

    /// <summary>Every n days at a wall-clock time of the schedule's time zone.</summary>
    Daily,

    /// <summary>A cron expression read in the schedule's time zone.</summary>
    Cron,
}
