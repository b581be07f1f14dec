using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Hermes.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol and answers each model id as its
/// script says. Hermes reaches it through its ordinary OpenAI provider and cannot tell it from a real endpoint.
/// </summary>
public sealed class ScriptedModelServer : ScriptedServer<ScriptedModelServer>
{
    private int _callIds;

    private ScriptedModelServer()
    {
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <param name="port">The loopback port to listen on; any free one when 0.</param>
    public static async Task<ScriptedModelServer> StartAsync(int port = 0)
    {
        var server = new ScriptedModelServer();
        server.BaseUrl = new Uri($"{await server.ListenAsync(port, "/v1/chat/completions")}/v1");
        return server;
    }

    /// <summary>Waits until the server has received the <paramref name="count"/>-th request for <paramref name="model"/>.</summary>
    public async Task<ScriptedRequest> WaitForRequestAsync(string model, int count = 1)
    {
        await Poll.UntilAsync(() => RequestsFor(model) >= count, $"request {count} for model {model}");
        return Requests.Where(request => request.Model == model).ElementAt(count - 1);
    }

    protected override ScriptedRequest Read(HttpRequest http, JsonObject body, string model, int index)
    {
        var toolNames = (body["tools"] as JsonArray)?.Select(tool => (string?)tool?["function"]?["name"]).OfType<string>().ToArray() ?? [];
        return new ScriptedRequest(
            model, body["messages"]?.AsArray() ?? [], toolNames, (bool?)body["stream"] ?? false, index, DateTimeOffset.UtcNow, http.Headers.Authorization.ToString(), body);
    }

    protected override ScriptedAnswer.Error UnknownModel(string model) =>
        new(404, $"The model `{model}` does not exist or you do not have access to it.", Code: "model_not_found");

    protected override Task WriteAsync(HttpResponse response, ScriptedRequest request, ScriptedAnswer answer, CancellationToken cancellationToken) =>
        answer is ScriptedAnswer.Error error ? WriteErrorAsync(response, error)
            : request.Stream ? StreamAsync(response, request.Model, answer, cancellationToken)
            : WriteWholeAsync(response, request.Model, answer, cancellationToken);

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
