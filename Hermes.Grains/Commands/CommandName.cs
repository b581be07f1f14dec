namespace Hermes.Grains.Commands;

public enum CommandName
{
    New,
    Model,
    Retry,
    Undo,
    Status,
    Stop,
    Usage,
    Help,
    ReloadMcp,
    Approve,
    Deny,
    Allow,
    Tools,
    Every,
    At,
    In,
    Schedules,
    Unschedule,
    TimeZone,
    Compress,

    /// <summary>A slash command Hermes does not know.</summary>
    Unknown,
}
