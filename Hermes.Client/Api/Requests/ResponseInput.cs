using System.Collections.Immutable;
using Hermes.Client.Api.Contracts;
using Hermes.Contracts.Responses;
using Hermes.Contracts.Sessions;
using Hermes.Contracts.Turns;

namespace Hermes.Client.Api.Requests;

/// <summary>A Responses API request that passed every check.</summary>
/// <param name="Request">The request as sent.</param>
/// <param name="Text">The trailing user messages' text: what goes to the session.</param>
/// <param name="Instructions">The request's <c>instructions</c> and its system and developer input messages.</param>
/// <param name="Conversation">The conversation named by <c>conversation</c>, if any.</param>
/// <param name="History">Input messages before the trailing user ones (allowed only for a new conversation).</param>
/// <param name="Options">The turn's sampling options.</param>
/// <param name="Input">The input messages, as stored for <c>input_items</c>.</param>
/// <param name="IdempotencyKey">The client's <c>Idempotency-Key</c>, when it sent one.</param>
/// <param name="BodyDigest">A digest of the body's bytes, to recognise a client library's retry.</param>
public sealed record ResponseInput(
    ResponseCreateRequest Request,
    string Text,
    string? Instructions,
    string? Conversation,
    ImmutableArray<TranscriptMessage> History,
    TurnOptions Options,
    ImmutableArray<StoredInputMessage> Input,
    string? IdempotencyKey,
    string BodyDigest)
{
    public bool Store => Request.Store ?? true;

    /// <summary>The request's <c>mcp_approval_response</c> items: decisions on the previous response's approval requests, instead of a message.</summary>
    public ImmutableArray<ApprovalAnswer> Approvals { get; init; } = [];
}
