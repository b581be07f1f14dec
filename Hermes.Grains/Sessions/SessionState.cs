namespace Hermes.Grains.Sessions;

/// <summary>The durable part of a session. Never holds a secret.</summary>
[GenerateSerializer, Alias("hermes.SessionState")]
public sealed class SessionState
{
    /// <summary>The current conversation's id; empty until the session's first activation.</summary>
    [Id(0)] public string SessionId { get; set; } = string.Empty;

    [Id(1)] public List<TranscriptMessage> Transcript { get; set; } = [];

    /// <summary>The primary model this session chose for itself, replacing the configured one.</summary>
    [Id(2)] public string? ModelOverride { get; set; }

    [Id(3)] public TokenUsage Usage { get; set; } = TokenUsage.None;

    [Id(4)] public SessionCounters Counters { get; set; } = SessionCounters.Zero;

    [Id(5)] public int TurnCount { get; set; }

    [Id(6)] public TurnSummary? LastTurn { get; set; }

    [Id(7)] public DateTimeOffset CreatedAt { get; set; }

    [Id(8)] public DateTimeOffset? LastActivityAt { get; set; }
}
