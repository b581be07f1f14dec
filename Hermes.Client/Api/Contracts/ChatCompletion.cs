namespace Hermes.Client.Api.Contracts;

/// <summary>A whole answer: <c>object</c> is <c>chat.completion</c>.</summary>
public sealed record ChatCompletion(string Id, string Object, long Created, string Model, IReadOnlyList<ChatCompletionChoice> Choices, CompletionUsage Usage);
