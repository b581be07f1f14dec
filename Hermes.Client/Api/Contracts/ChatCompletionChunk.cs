namespace Hermes.Client.Api.Contracts;

/// <summary>One server-sent event of a streamed answer: <c>object</c> is <c>chat.completion.chunk</c>.</summary>
public sealed record ChatCompletionChunk(string Id, string Object, long Created, string Model, IReadOnlyList<ChatCompletionChunkChoice> Choices, CompletionUsage? Usage = null);
