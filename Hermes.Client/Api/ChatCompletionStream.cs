using System.Text.Json;
using Hermes.Client.Api.Contracts;
using Hermes.Client.Api.Errors;
using Microsoft.AspNetCore.Http;

namespace Hermes.Client.Api;

/// <summary>
/// Writes a streamed answer as OpenAI's server-sent events. Nothing is sent before the first piece of the answer, so
/// that a turn that fails before it still gets a plain HTTP error.
/// </summary>
public sealed class ChatCompletionStream(HttpResponse response, string id, string model, JsonSerializerOptions json)
{
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

    /// <summary>A comment line: keeps proxies and clients from timing out while the agent works.</summary>
    public async Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        await response.WriteAsync(": still working\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public async Task FinishAsync(CompletionUsage? usage, CancellationToken cancellationToken)
    {
        await WriteChunkAsync(new ChatCompletionDelta(), "stop", cancellationToken);
        if (usage is not null)
        {
            await WriteEventAsync(new ChatCompletionChunk(id, "chat.completion.chunk", _created, model, [], usage), cancellationToken);
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
        WriteEventAsync(new ChatCompletionChunk(id, "chat.completion.chunk", _created, model, [new ChatCompletionChunkChoice(0, delta, finishReason)]), cancellationToken);

    private async Task WriteEventAsync<T>(T data, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"data: {JsonSerializer.Serialize(data, json)}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
