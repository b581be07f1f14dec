using System.Collections.Immutable;
using Hermes.Contracts.Approvals;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Schedules;
using Hermes.Contracts.Transcripts;

namespace Hermes.Contracts.Sessions;

/// <summary>A read-only view of one session for front-ends, operators and tests.</summary>
/// <param name="Key">The session key.</param>
/// <param name="SessionId">The current conversation's id (a new one starts a fresh transcript).</param>
/// <param name="TranscriptLength">Messages in the transcript, errors included.</param>
/// <param name="TurnCount">Turns taken in this conversation.</param>
/// <param name="ModelInUse">The primary model the next turn will try first, or null when none is configured.</param>
/// <param name="LastTurn">The most recent turn's outcome.</param>
/// <param name="Counters">Agents built and dropped, MCP connections opened.</param>
/// <param name="AgentCached">True when a built agent is waiting for the next turn.</param>
/// <param name="Usage">Tokens used in this conversation.</param>
/// <param name="McpServers">The state of each MCP server this session holds a handle to.</param>
/// <param name="Fallbacks">The models the next turn falls back to, in order.</param>
/// <param name="ModelChosenBySession">True when <paramref name="ModelInUse"/> was chosen with <c>/model</c>.</param>
/// <param name="TurnRunning">True while a turn runs.</param>
/// <param name="MessagesWaiting">Messages waiting behind the running turn.</param>
/// <param name="ArchivedMessages">Messages of this conversation moved to archive pages (not counted in <paramref name="TranscriptLength"/>).</param>
/// <param name="EarlierConversations">Conversations of this session before its last <c>/new</c>.</param>
/// <param name="ProviderInUse">The provider of <paramref name="ModelInUse"/>.</param>
/// <param name="UsageByModel">Tokens used in this conversation per <c>provider:model</c>.</param>
/// <param name="Providers">The health of the providers in the session's chain: each key parked, resting or ready.</param>
/// <param name="NeverDowngrade">True when this session's route never falls over to another model.</param>
/// <param name="Summary">The summary that stands in for older turns in the model's context, once the conversation was compacted.</param>
[GenerateSerializer, Immutable, Alias("hermes.SessionSnapshot")]
public sealed record SessionSnapshot(
    [property: Id(0)] string Key,
    [property: Id(1)] string SessionId,
    [property: Id(2)] int TranscriptLength,
    [property: Id(3)] int TurnCount,
    [property: Id(4)] string? ModelInUse,
    [property: Id(5)] TurnSummary? LastTurn,
    [property: Id(6)] SessionCounters Counters,
    [property: Id(7)] bool AgentCached,
    [property: Id(8)] TokenUsage Usage,
    [property: Id(9)] ImmutableArray<McpServerStatus> McpServers,
    [property: Id(10)] ImmutableArray<string> Fallbacks,
    [property: Id(11)] bool ModelChosenBySession,
    [property: Id(12)] bool TurnRunning,
    [property: Id(13)] int MessagesWaiting,
    [property: Id(14)] int ArchivedMessages,
    [property: Id(15)] ImmutableArray<ArchivedConversation> EarlierConversations,
    [property: Id(16)] string? ProviderInUse = null,
    [property: Id(17)] ImmutableArray<ModelUsage> UsageByModel = default,
    [property: Id(18)] ImmutableArray<ProviderStatus> Providers = default,
    [property: Id(19)] bool NeverDowngrade = false,
    [property: Id(30)] ContextSummary? Summary = null)
{
    /// <summary>Tool calls waiting for the user's decision.</summary>
    [Id(41)]
    public ImmutableArray<PendingApproval> PendingApprovals { get; init; } = [];

    /// <summary>The session's schedules and their next due times.</summary>
    [Id(40)]
    public ImmutableArray<ScheduleInfo> Schedules { get; init; } = [];
}
