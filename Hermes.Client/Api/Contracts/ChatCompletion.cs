namespace Hermes.Client.Api.Contracts;

/// <summary>A whole answer: <c>object</c> is <c>chat.completion</c>.</summary>
/// <param name="Model">The model that answered (the alias for an answer no model gave, such as a command's).</param>
/// <param name="SystemFingerprint"><c>hermes</c>, or <c>hermes-fallback</c> when a fallback model answered.</param>
/// <param name="Hermes">What Hermes adds: whether a fallback answered, and the conversation.</param>
public sealed record ChatCompletion(
    string Id, string Object, long Created, string Model, IReadOnlyList<ChatCompletionChoice> Choices, CompletionUsage Usage, string SystemFingerprint, AnswerDetails Hermes);
