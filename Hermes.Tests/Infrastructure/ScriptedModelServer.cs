using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hermes.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol and answers each model id as its
/// script says. Hermes reaches it through its ordinary OpenAI provider and cannot tell it from a real endpoint.
/// </summary>
public sealed class ScriptedModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ModelScript> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ScriptedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _callIds;

    private ScriptedModelServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<ScriptedRequest> Requests => [.. _requests];

    /// <param name="port">The loopback port to listen on; any free one when 0.</param>
    public static async Task<ScriptedModelServer> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var server = new ScriptedModelServer(builder.Build());
        server._app.MapPost("/v1/chat/completions", server.HandleAsync);
        await server._app.StartAsync();
        server.BaseUrl = new Uri($"{server._app.Urls.Single()}/v1");
        return server;
    }

    public ScriptedModelServer Script(string model, ModelScript script)
    {
        _scripts[model] = script;
        return this;
    }

    public int RequestsFor(string model) => _counts.GetValueOrDefault(model);

    /// <summary>Waits until the server has received the <paramref name="count"/>-th request for <paramref name="model"/>.</summary>
    public async Task<ScriptedRequest> WaitForRequestAsync(string model, int count = 1)
    {
        await Poll.UntilAsync(() => RequestsFor(model) >= count, $"request {count} for model {model}");
        return Requests.Where(request => request.Model == model).ElementAt(count - 1);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject
            ?? throw new InvalidOperationException("The request body is not a JSON object.");
        var model = (string?)body["model"] ?? string.Empty;
        var index = _counts.AddOrUpdate(model, 1, (_, count) => count + 1) - 1;
        var toolNames = (body["tools"] as JsonArray)?.Select(tool => (string?)tool?["function"]?["name"]).OfType<string>().ToArray() ?? [];
        var request = new ScriptedRequest(
            model, body["messages"]?.AsArray() ?? [], toolNames, (bool?)body["stream"] ?? false, index, DateTimeOffset.UtcNow, context.Request.Headers.Authorization.ToString(), body);
        _requests.Enqueue(request);

        var answer = _scripts.TryGetValue(model, out var script)
            ? script(request)
            : new ScriptedAnswer.Error(404, $"The model `{model}` does not exist or you do not have access to it.", Code: "model_not_found");
        try
        {
            if (answer is ScriptedAnswer.Held held)
            {
                await held.Until.WaitAsync(context.RequestAborted);
                answer = held.Then;
            }

            await (answer is ScriptedAnswer.Error error ? WriteErrorAsync(context.Response, error)
                : request.Stream ? StreamAsync(context.Response, model, answer, context.RequestAborted)
                : WriteWholeAsync(context.Response, model, answer, context.RequestAborted));
        }
        catch (Exception exception) when (context.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            request.MarkAborted();
        }
    }

    private static async Task WriteErrorAsync(HttpResponse response, ScriptedAnswer.Error error)
    {
        response.StatusCode = error.Status;
        if (error.RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await response.WriteAsJsonAsync(new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = error.Message, ["type"] = error.Type, ["param"] = null, ["code"] = error.Code },
        });
    }

    private async Task WriteWholeAsync(HttpResponse response, string model, ScriptedAnswer answer, CancellationToken aborted)
    {
        var (message, finishReason) = answer switch
        {
            ScriptedAnswer.Text text => (new JsonObject { ["role"] = "assistant", ["content"] = text.Content }, "stop"),
            ScriptedAnswer.ToolCall call => (new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = ToolCalls([call], withIndex: false) }, "tool_calls"),
            ScriptedAnswer.ToolCalls calls => (new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = ToolCalls(calls.Calls, withIndex: false) }, "tool_calls"),
            _ => throw new InvalidOperationException($"{answer} can only be streamed."),
        };
        if (answer is ScriptedAnswer.Text { WordDelay: { } delay })
        {
            await Task.Delay(delay * message["content"]!.ToString().Split(' ').Length, aborted);
        }

        await response.WriteAsJsonAsync(Completion(model, "chat.completion", new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finishReason }, Usage()), aborted);
    }

    private async Task StreamAsync(HttpResponse response, string model, ScriptedAnswer answer, CancellationToken aborted)
    {
        response.ContentType = "text/event-stream";
        switch (answer)
        {
            case ScriptedAnswer.Text text:
                await WriteEventAsync(response, Chunk(model, new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }, null), aborted);
                var words = text.Content.Split(' ');
                for (var i = 0; i < words.Length; i++)
                {
                    if (text.WordDelay is { } delay)
                    {
                        await Task.Delay(delay, aborted);
                    }

                    await WriteEventAsync(response, Chunk(model, new JsonObject { ["content"] = i == 0 ? words[i] : $" {words[i]}" }, null), aborted);
                }

                await FinishStreamAsync(response, model, "stop", aborted);
                break;
            case ScriptedAnswer.ToolCall or ScriptedAnswer.ToolCalls:
                IReadOnlyList<ScriptedAnswer.ToolCall> calls = answer is ScriptedAnswer.ToolCalls several ? several.Calls : [(ScriptedAnswer.ToolCall)answer];
                await WriteEventAsync(response, Chunk(model, new JsonObject { ["role"] = "assistant", ["tool_calls"] = ToolCalls(calls, withIndex: true) }, null), aborted);
                await FinishStreamAsync(response, model, "tool_calls", aborted);
                break;
            case ScriptedAnswer.StreamedError error:
                await WriteEventAsync(response, new JsonObject { ["error"] = new JsonObject { ["message"] = error.Message, ["code"] = error.Code } }, aborted);
                break;
            case ScriptedAnswer.EmptyStream:
                await response.Body.FlushAsync(aborted);
                break;
            default:
                throw new InvalidOperationException($"Unknown answer {answer}.");
        }
    }

    private async Task FinishStreamAsync(HttpResponse response, string model, string finishReason, CancellationToken aborted)
    {
        await WriteEventAsync(response, Chunk(model, [], finishReason), aborted);
        await WriteEventAsync(response, Completion(model, "chat.completion.chunk", null, Usage()), aborted);
        await response.WriteAsync("data: [DONE]\n\n", aborted);
    }

    private static async Task WriteEventAsync(HttpResponse response, JsonObject data, CancellationToken aborted)
    {
        await response.WriteAsync($"data: {data.ToJsonString()}\n\n", aborted);
        await response.Body.FlushAsync(aborted);
    }

    private static JsonObject Chunk(string model, JsonObject delta, string? finishReason) =>
        Completion(model, "chat.completion.chunk", new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }, usage: null);

    private static JsonObject Completion(string model, string kind, JsonObject? choice, JsonObject? usage) => new()
    {
        ["id"] = "chatcmpl-scripted",
        ["object"] = kind,
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["model"] = model,
        ["choices"] = choice is null ? new JsonArray() : new JsonArray(choice),
        ["usage"] = usage,
    };

    private static JsonObject Usage() => new() { ["prompt_tokens"] = 12, ["completion_tokens"] = 5, ["total_tokens"] = 17 };

    private JsonArray ToolCalls(IReadOnlyList<ScriptedAnswer.ToolCall> calls, bool withIndex)
    {
        var toolCalls = new JsonArray();
        for (var index = 0; index < calls.Count; index++)
        {
            var toolCall = new JsonObject
            {
                ["id"] = $"call_{Interlocked.Increment(ref _callIds)}",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = calls[index].Name, ["arguments"] = calls[index].ArgumentsJson },
            };
            if (withIndex)
            {
                toolCall["index"] = index;
            }

            toolCalls.Add(toolCall);
        }

        return toolCalls;
    }
}
