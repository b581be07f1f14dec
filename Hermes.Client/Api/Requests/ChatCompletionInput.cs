using Hermes.Client.Api.Contracts;

namespace Hermes.Client.Api.Requests;

/// <summary>A chat-completions request that passed every check, with what the endpoint needs from it.</summary>
/// <param name="Request">The request as sent.</param>
/// <param name="Text">The last user message's text: what goes to the session.</param>
/// <param name="Conversation">The conversation within the caller's key.</param>
/// <param name="IdempotencyKey">The client's <c>Idempotency-Key</c>, when it sent one.</param>
/// <param name="BodyDigest">A digest of the body's bytes: two requests with the same digest are the same request.</param>
public sealed record ChatCompletionInput(ChatCompletionRequest Request, string Text, string Conversation, string? IdempotencyKey, string BodyDigest);
