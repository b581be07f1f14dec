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

    /// <summary>A slash command Hermes does not know.</summary>
    Unknown,
}
