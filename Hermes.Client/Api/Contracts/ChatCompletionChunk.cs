namespace Hermes.Client.Api.Contracts;

/// <summary>One server-sent event of a streamed answer: <c>object</c> is <c>chat.completion.chunk</c>.</summary>
/// <param name="HermesToolCall">On a <c>hermes.tool_call</c> event (no choices): the tool call it reports.</param>
/// <param name="Hermes">On the last chunk: whether a fallback answered, and the conversation.</param>
public sealed record ChatCompletionChunk(
    string Id,
    string Object,
    long Created,
    string Model,
    IReadOnlyList<ChatCompletionChunkChoice> Choices,
    CompletionUsage? Usage = null,
    string? SystemFingerprint = null,
    ToolProgress? HermesToolCall = null,
    AnswerDetails? Hermes = null);
