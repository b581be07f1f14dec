using Hermes.Client.Api.Contracts;
using Hermes.Contracts.Turns;

namespace Hermes.Client.Api.Requests;

/// <summary>A chat-completions request that passed every check, with what the endpoint needs from it.</summary>
/// <param name="Request">The request as sent.</param>
/// <param name="Text">The last user message's text: what goes to the session.</param>
/// <param name="Conversation">The conversation named by the header or <c>user</c>; null when the history itself picks it.</param>
/// <param name="IdempotencyKey">The client's <c>Idempotency-Key</c>, when it sent one.</param>
/// <param name="BodyDigest">A digest of the body's bytes: two requests with the same digest are the same request.</param>
/// <param name="Directives">The turn's instructions (the client's system messages), options and the client's history before the last message.</param>
public sealed record ChatCompletionInput(ChatCompletionRequest Request, string Text, string? Conversation, string? IdempotencyKey, string BodyDigest, TurnDirectives Directives);
