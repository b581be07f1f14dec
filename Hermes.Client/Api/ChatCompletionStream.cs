using System.Text.Json;
using Hermes.Client.Api.Contracts;
using Hermes.Client.Api.Errors;
using Hermes.Contracts.Sessions;
using Microsoft.AspNetCore.Http;

namespace Hermes.Client.Api;

/// <summary>
/// Writes a streamed answer as OpenAI's server-sent events. Nothing is sent before the first piece of the answer, so
/// that a turn that fails before it still gets a plain HTTP error. Chunks name the alias until the answer is complete;
/// the last chunk names the model that answered.
/// </summary>
public sealed class ChatCompletionStream(HttpResponse response, string id, string alias, JsonSerializerOptions json)
{
    /// <summary>The SSE event name of tool progress; its data is a chunk without choices, so clients that ignore event names skip it as they skip a usage chunk.</summary>
    public const string ToolCallEvent = "hermes.tool_call";

    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public bool Started { get; private set; }

    /// <summary>Sends the headers and the first chunk, which names the role.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Started)
        {
            return;
        }

        Started = true;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await WriteChunkAsync(new ChatCompletionDelta(Role: "assistant", Content: string.Empty), null, cancellationToken);
    }

    public async Task WriteTextAsync(string text, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        await WriteChunkAsync(new ChatCompletionDelta(Content: text), null, cancellationToken);
    }

    /// <summary>A tool call starting or ending, as a <see cref="ToolCallEvent"/> event.</summary>
    public async Task WriteToolAsync(TurnUpdate update, CancellationToken cancellationToken)
    {
        var progress = update switch
        {
            ToolCallStarted started => new ToolProgress(started.CallId, started.ToolName, "in_progress", Arguments: started.ArgumentsJson),
            ToolCallFinished finished => new ToolProgress(finished.CallId, finished.ToolName, finished.Failed ? "failed" : "completed", Output: finished.Summary),
            _ => null,
        };
        if (progress is null)
        {
            return;
        }

        await StartAsync(cancellationToken);
        await WriteEventAsync(new ChatCompletionChunk(id, "chat.completion.chunk", _created, alias, [], HermesToolCall: progress), cancellationToken, ToolCallEvent);
    }

    /// <summary>A comment line: keeps proxies and clients from timing out while the agent works.</summary>
    public async Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        await response.WriteAsync(": still working\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <param name="model">The model that answered.</param>
    /// <param name="details">Whether a fallback answered, and the conversation.</param>
    /// <param name="usage">The turn's tokens, when the client asked for them.</param>
    public async Task FinishAsync(string model, AnswerDetails details, CompletionUsage? usage, CancellationToken cancellationToken)
    {
        await WriteEventAsync(
            new ChatCompletionChunk(id, "chat.completion.chunk", _created, model, [new ChatCompletionChunkChoice(0, new ChatCompletionDelta(), "stop")], SystemFingerprint: details.SystemFingerprint, Hermes: details),
            cancellationToken);
        if (usage is not null)
        {
            await WriteEventAsync(new ChatCompletionChunk(id, "chat.completion.chunk", _created, model, [], usage, details.SystemFingerprint), cancellationToken);
        }

        await response.WriteAsync("data: [DONE]\n\n", cancellationToken);
    }

    /// <summary>An error after the answer began: an <c>error</c> event, as OpenAI-compatible servers send.</summary>
    public async Task FailAsync(OpenAiError error, CancellationToken cancellationToken)
    {
        await WriteEventAsync(error, cancellationToken);
        await response.WriteAsync("data: [DONE]\n\n", cancellationToken);
    }

    private Task WriteChunkAsync(ChatCompletionDelta delta, string? finishReason, CancellationToken cancellationToken) =>
        WriteEventAsync(new ChatCompletionChunk(id, "chat.completion.chunk", _created, alias, [new ChatCompletionChunkChoice(0, delta, finishReason)]), cancellationToken);

    private async Task WriteEventAsync<T>(T data, CancellationToken cancellationToken, string? eventName = null)
    {
        var named = eventName is null ? string.Empty : $"event: {eventName}\n";
        await response.WriteAsync($"{named}data: {JsonSerializer.Serialize(data, json)}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
