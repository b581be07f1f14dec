namespace Hermes.Tests.Infrastructure;

/// <summary>What the scripted model server answers to one chat-completions request.</summary>
public abstract record ScriptedAnswer
{
    /// <summary>
    /// A final assistant message. A streamed request gets it word by word, <paramref name="WordDelay"/> apart, so that a
    /// test can interrupt a reply in the middle.
    /// </summary>
    public sealed record Text(string Content, TimeSpan? WordDelay = null) : ScriptedAnswer;

    /// <summary>An assistant message that asks for one tool call.</summary>
    public sealed record ToolCall(string Name, string ArgumentsJson) : ScriptedAnswer;

    /// <summary>An assistant message that asks for several tool calls at once (parallel tool calls).</summary>
    public sealed record ToolCalls(IReadOnlyList<ToolCall> Calls) : ScriptedAnswer;

    /// <summary>Answers <paramref name="Then"/> once <paramref name="Until"/> completes, so that a test can hold a model call open.</summary>
    public sealed record Held(Task Until, ScriptedAnswer Then) : ScriptedAnswer;

    /// <summary>An HTTP error with an OpenAI-shaped error body.</summary>
    public sealed record Error(int Status, string Message, string Type = "invalid_request_error", string? Code = null, int? RetryAfterSeconds = null) : ScriptedAnswer;

    /// <summary>
    /// HTTP 200 whose stream carries a single error event and ends, as some OpenAI-compatible routers answer a
    /// streaming request for a bad model.
    /// </summary>
    public sealed record StreamedError(int Code, string Message) : ScriptedAnswer;

    /// <summary>HTTP 200 whose stream ends at once: no content, no tool call, no finish reason.</summary>
    public sealed record EmptyStream : ScriptedAnswer;
}
