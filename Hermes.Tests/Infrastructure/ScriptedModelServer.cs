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

    public static async Task<ScriptedModelServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
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

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject
            ?? throw new InvalidOperationException("The request body is not a JSON object.");
        var model = (string?)body["model"] ?? string.Empty;
        var index = _counts.AddOrUpdate(model, 1, (_, count) => count + 1) - 1;
        var toolNames = (body["tools"] as JsonArray)?.Select(tool => (string?)tool?["function"]?["name"]).OfType<string>().ToArray() ?? [];
        var request = new ScriptedRequest(model, body["messages"]?.AsArray() ?? [], toolNames, (bool?)body["stream"] ?? false, index, DateTimeOffset.UtcNow);
        _requests.Enqueue(request);

        var answer = _scripts.TryGetValue(model, out var script)
            ? script(request)
            : new ScriptedAnswer.Error(404, $"The model `{model}` does not exist or you do not have access to it.", Code: "model_not_found");
        if (answer is ScriptedAnswer.Held held)
        {
            await held.Until.WaitAsync(context.RequestAborted);
            answer = held.Then;
        }

        await WriteAsync(context.Response, model, answer);
    }

    private async Task WriteAsync(HttpResponse response, string model, ScriptedAnswer answer)
    {
        if (answer is ScriptedAnswer.Error error)
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
            return;
        }

        var (message, finishReason) = answer switch
        {
            ScriptedAnswer.Text text => (new JsonObject { ["role"] = "assistant", ["content"] = text.Content }, "stop"),
            ScriptedAnswer.ToolCall call => (new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = null,
                ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["id"] = $"call_{Interlocked.Increment(ref _callIds)}",
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.ArgumentsJson },
                }),
            }, "tool_calls"),
            _ => throw new InvalidOperationException($"Unknown answer {answer}."),
        };
        await response.WriteAsJsonAsync(new JsonObject
        {
            ["id"] = $"chatcmpl-{Guid.NewGuid():N}",
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finishReason }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 12, ["completion_tokens"] = 5, ["total_tokens"] = 17 },
        });
    }
}
