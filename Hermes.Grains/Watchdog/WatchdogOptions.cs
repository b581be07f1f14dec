namespace Hermes.Grains.Watchdog;

/// <summary>When a turn that makes no progress is reported, and when it is ended. Section <c>Hermes:Watchdog</c>.</summary>
public sealed class WatchdogOptions
{
    public const string SectionName = "Hermes:Watchdog";

    /// <summary>Time without model output or a tool result after which the user is told the turn is still working.</summary>
    public TimeSpan StallNotice { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Time without progress after which the turn ends, interrupted, with a reply that says so.</summary>
    public TimeSpan StallLimit { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest a turn may run, progress or not; unset means no such limit.</summary>
    public TimeSpan? MaxTurnDuration { get; set; }
}
