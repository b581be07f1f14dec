using System.Text.Json.Nodes;

namespace Hermes.Tests.Infrastructure;

/// <summary>One chat-completions request as the scripted server received it.</summary>
/// <param name="Model">The model id asked for.</param>
/// <param name="Messages">The request's messages array.</param>
/// <param name="ToolNames">The names of the tools offered to the model.</param>
/// <param name="Stream">True when a streamed answer was asked for.</param>
/// <param name="Index">How many requests for this model came before this one.</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="Authorization">The request's Authorization header, for a script that echoes what it was sent.</param>
/// <param name="Body">The whole request body, for a test that checks the options a model call carried.</param>
public sealed record ScriptedRequest(string Model, JsonArray Messages, IReadOnlyList<string> ToolNames, bool Stream, int Index, DateTimeOffset ReceivedAt, string? Authorization = null, JsonObject? Body = null)
{
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the client closed the connection before the answer was complete.</summary>
    public Task Aborted => _aborted.Task;

    internal void MarkAborted() => _aborted.TrySetResult();

    /// <summary>The content of the last message when it is a tool result, else null.</summary>
    public string? LastToolResult =>
        Messages.LastOrDefault() is JsonObject last && (string?)last["role"] == "tool" ? ContentText(last["content"]) : null;

    /// <summary>The text of the last user message.</summary>
    public string? LastUserText =>
        Messages.OfType<JsonObject>().LastOrDefault(message => (string?)message["role"] == "user") is { } user ? ContentText(user["content"]) : null;

    private static string? ContentText(JsonNode? content) => content switch
    {
        JsonValue value => (string?)value,
        JsonArray parts => string.Concat(parts.OfType<JsonObject>().Select(part => (string?)part["text"])),
        _ => null,
    };
}
