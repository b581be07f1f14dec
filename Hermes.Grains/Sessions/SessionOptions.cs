using System.ComponentModel.DataAnnotations;
using Hermes.Contracts.Sessions;
using Hermes.Contracts.Transcripts;
using Hermes.Grains.Transcripts;

namespace Hermes.Grains.Sessions;

/// <summary>How a session behaves while it works and between conversations. Section <c>Hermes:Sessions</c>.</summary>
public sealed class SessionOptions
{
    public const string SectionName = "Hermes:Sessions";

    /// <summary>What a plain message does while a turn runs.</summary>
    public BusyMode WhileBusy { get; set; } = BusyMode.Interrupt;

    /// <summary>Messages that may wait behind the running turn; more are answered "busy".</summary>
    [Range(0, 100)]
    public int MaxQueuedMessages { get; set; } = 5;

    /// <summary>How long <c>/stop</c> waits for the running turn to end before it answers.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a streamed turn says it is still working when nothing else happens; below front-ends' call timeout.</summary>
    public TimeSpan StreamHeartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether <c>/new</c> also closes the session's MCP connections (they are reopened on the next turn).</summary>
    public bool ReleaseMcpOnNew { get; set; }

    public SessionResetOptions Reset { get; set; } = new();

    public TranscriptOptions Transcript { get; set; } = new();
}
