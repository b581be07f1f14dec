using System.Collections.Immutable;
using Hermes.Contracts.Approvals;
using Hermes.Contracts.Sessions;

namespace Hermes.Contracts.Responses;

/// <summary>A response as the Responses API stored it.</summary>
/// <param name="Id">The response id (<c>resp_…</c>).</param>
/// <param name="Owner">The API key holder who created it; nobody else sees it.</param>
/// <param name="Conversation">The conversation (within the owner's sessions) whose session answered.</param>
/// <param name="SessionId">The session's conversation id at the time, so that a later <c>/new</c> is noticed.</param>
/// <param name="TurnNumber">The session's turn that this response recorded.</param>
/// <param name="CreatedAt">Unix seconds.</param>
/// <param name="Model">The model that answered.</param>
/// <param name="Text">The answer.</param>
/// <param name="Usage">Tokens the turn used.</param>
/// <param name="FallbackUsed">True when a fallback model answered.</param>
/// <param name="Instructions">The request's instructions.</param>
/// <param name="PreviousResponseId">The response this one continued.</param>
/// <param name="NamedConversation">The request's <c>conversation</c>, when it named one.</param>
/// <param name="Input">The request's input messages.</param>
/// <param name="ToolCalls">The tool calls the agent made for it.</param>
[GenerateSerializer, Immutable, Alias("hermes.StoredResponse")]
public sealed record StoredResponse(
    [property: Id(0)] string Id,
    [property: Id(1)] string Owner,
    [property: Id(2)] string Conversation,
    [property: Id(3)] string SessionId,
    [property: Id(4)] int TurnNumber,
    [property: Id(5)] long CreatedAt,
    [property: Id(6)] string Model,
    [property: Id(7)] string Text,
    [property: Id(8)] TokenUsage Usage,
    [property: Id(9)] bool FallbackUsed,
    [property: Id(10)] string? Instructions,
    [property: Id(11)] string? PreviousResponseId,
    [property: Id(12)] string? NamedConversation,
    [property: Id(13)] ImmutableArray<StoredInputMessage> Input,
    [property: Id(14)] ImmutableArray<StoredToolCall> ToolCalls)
{
    /// <summary>The tool calls the turn waits for a decision on: <c>mcp_approval_request</c> output items; empty otherwise.</summary>
    [Id(15)]
    public ImmutableArray<PendingApproval> PendingApprovals { get; init; } = [];
}
