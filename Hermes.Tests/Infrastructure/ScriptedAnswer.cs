namespace Hermes.Tests.Infrastructure;

/// <summary>What the scripted model server answers to one chat-completions request.</summary>
public abstract record ScriptedAnswer
{
    /// <summary>A final assistant message.</summary>
    public sealed record Text(string Content) : ScriptedAnswer;

    /// <summary>An assistant message that asks for one tool call.</summary>
    public sealed record ToolCall(string Name, string ArgumentsJson) : ScriptedAnswer;

    /// <summary>Answers <paramref name="Then"/> once <paramref name="Until"/> completes, so that a test can hold a model call open.</summary>
    public sealed record Held(Task Until, ScriptedAnswer Then) : ScriptedAnswer;

    /// <summary>An HTTP error with an OpenAI-shaped error body.</summary>
    public sealed record Error(int Status, string Message, string Type = "invalid_request_error", string? Code = null, int? RetryAfterSeconds = null) : ScriptedAnswer;
}
