using Hermes.Contracts.Sessions;
using Hermes.Contracts.Transcripts;
using Hermes.Grains.Approvals;
using Hermes.Grains.Transcripts;

namespace Hermes.Grains.Sessions;

/// <summary>The durable part of a session. Never holds a secret.</summary>
/// <remarks>
/// Stored with the Orleans serializer: members are read by <c>[Id]</c>, so a member added later reads as its default
/// from state written before it existed. Never reuse or renumber an id.
/// </remarks>
[GenerateSerializer, Alias("hermes.SessionState")]
public sealed class SessionState
{
    /// <summary>The current conversation's id; empty until the session's first activation.</summary>
    [Id(0)] public string SessionId { get; set; } = string.Empty;

    /// <summary>The recent part of the conversation, which the model sees; older turns are in archive pages.</summary>
    [Id(1)] public List<TranscriptMessage> Transcript { get; set; } = [];

    /// <summary>The primary model this session chose for itself, replacing the configured one.</summary>
    [Id(2)] public string? ModelOverride { get; set; }

    [Id(3)] public TokenUsage Usage { get; set; } = TokenUsage.None;

    [Id(4)] public SessionCounters Counters { get; set; } = SessionCounters.Zero;

    [Id(5)] public int TurnCount { get; set; }

    [Id(6)] public TurnSummary? LastTurn { get; set; }

    [Id(7)] public DateTimeOffset CreatedAt { get; set; }

    [Id(8)] public DateTimeOffset? LastActivityAt { get; set; }

    /// <summary>Messages of this conversation moved to archive pages.</summary>
    [Id(9)] public int ArchivedMessages { get; set; }

    /// <summary>Archive pages of this conversation, numbered from 0.</summary>
    [Id(10)] public int ArchivedPages { get; set; }

    /// <summary>Earlier conversations of this session, oldest first.</summary>
    [Id(11)] public List<ArchivedConversation> EarlierConversations { get; set; } = [];

    /// <summary>Results of the latest messages that came with an id, newest last; written with the change they caused.</summary>
    [Id(12)] public List<DeliveredMessage> Delivered { get; set; } = [];

    /// <summary>Tokens used in this conversation per <c>provider:model</c>, in the order the models were first used.</summary>
    [Id(13)] public List<KeyValuePair<string, TokenUsage>> UsageByModel { get; set; } = [];

    /// <summary>Tool approvals: the user's policies, the tools approved for the session, and a turn paused for a decision.</summary>
    [Id(30)] public SessionApprovals Approvals { get; set; } = new();

    /// <summary>The summary the model sees instead of the older turns, once the conversation was compacted (issue 16).</summary>
    [Id(31)] public ContextSummary? Summary { get; set; }
}
