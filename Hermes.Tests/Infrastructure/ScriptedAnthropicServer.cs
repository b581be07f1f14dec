using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Hermes.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on 127.0.0.1 that speaks Anthropic's Messages API (<c>POST /v1/messages</c>, whole or streamed as
/// server-sent events, text and <c>tool_use</c>, errors in Anthropic's shape) and answers each model id as its script
/// says. Hermes reaches it through the official Anthropic SDK and cannot tell it from the real API. Requests are shown to
/// scripts in the OpenAI shape (<see cref="ScriptedRequest"/>: a <c>tool_result</c> block becomes a <c>tool</c> message), so
/// the scripts of <see cref="ScriptedModelServer"/> serve both.
/// </summary>
public sealed class ScriptedAnthropicServer : ScriptedServer<ScriptedAnthropicServer>
{
    private readonly ConcurrentQueue<JsonObject> _bodies = new();
    private int _callIds;

    private ScriptedAnthropicServer()
    {
    }

    /// <summary>The base URL to configure (the SDK adds <c>/v1/messages</c>).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The raw request bodies, as the SDK sent them.</summary>
    public IReadOnlyList<JsonObject> Bodies => [.. _bodies];

    public static async Task<ScriptedAnthropicServer> StartAsync()
    {
        var server = new ScriptedAnthropicServer();
        server.BaseUrl = new Uri(await server.ListenAsync(port: 0, "/v1/messages"));
        return server;
    }

    protected override ScriptedRequest Read(HttpRequest http, JsonObject body, string model, int index)
    {
        _bodies.Enqueue(body);
        var toolNames = (body["tools"] as JsonArray)?.Select(tool => (string?)tool?["name"]).OfType<string>().ToArray() ?? [];
        var credential = http.Headers.Authorization.ToString() is { Length: > 0 } authorization ? authorization : http.Headers["x-api-key"].ToString();
        return new ScriptedRequest(model, InOpenAIShape(body), toolNames, (bool?)body["stream"] ?? false, index, DateTimeOffset.UtcNow, credential);
    }

    protected override ScriptedAnswer.Error UnknownModel(string model) => new(404, $"model: {model}", Code: "not_found_error");

    protected override Task WriteAsync(HttpResponse response, ScriptedRequest request, ScriptedAnswer answer, CancellationToken cancellationToken) =>
        answer is ScriptedAnswer.Error error ? WriteErrorAsync(response, error)
            : request.Stream ? StreamAsync(response, request.Model, answer, cancellationToken)
            : response.WriteAsJsonAsync(Message(request.Model, Blocks(answer), StopReason(answer), Usage(12, 5)), cancellationToken);

    private static async Task WriteErrorAsync(HttpResponse response, ScriptedAnswer.Error error)
    {
        response.StatusCode = error.Status;
        if (error.RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        await response.WriteAsJsonAsync(ErrorBody(error.Code ?? ErrorType(error.Status), error.Message));
    }

    private async Task StreamAsync(HttpResponse response, string model, ScriptedAnswer answer, CancellationToken aborted)
    {
        response.ContentType = "text/event-stream";
        if (answer is ScriptedAnswer.EmptyStream)
        {
            await response.Body.FlushAsync(aborted);
            return;
        }

        if (answer is ScriptedAnswer.StreamedError streamed)
        {
            await WriteEventAsync(response, "error", ErrorBody(streamed.Code == 529 ? "overloaded_error" : ErrorType(streamed.Code), streamed.Message), aborted);
            return;
        }

        await WriteEventAsync(response, "message_start", new JsonObject { ["type"] = "message_start", ["message"] = Message(model, [], null, Usage(12, 1)) }, aborted);
        switch (answer)
        {
            case ScriptedAnswer.Text text:
                await WriteEventAsync(response, "content_block_start", Block("content_block_start", new JsonObject { ["type"] = "text", ["text"] = string.Empty }), aborted);
                var words = text.Content.Split(' ');
                for (var i = 0; i < words.Length; i++)
                {
                    if (text.WordDelay is { } delay)
                    {
                        await Task.Delay(delay, aborted);
                    }

                    var delta = new JsonObject { ["type"] = "text_delta", ["text"] = i == 0 ? words[i] : $" {words[i]}" };
                    await WriteEventAsync(response, "content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = delta }, aborted);
                }

                break;
            case ScriptedAnswer.ToolCall call:
                var start = new JsonObject { ["type"] = "tool_use", ["id"] = NextCallId(), ["name"] = call.Name, ["input"] = new JsonObject() };
                await WriteEventAsync(response, "content_block_start", Block("content_block_start", start), aborted);
                var json = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = call.ArgumentsJson };
                await WriteEventAsync(response, "content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = json }, aborted);
                break;
            default:
                throw new InvalidOperationException($"Unknown answer {answer}.");
        }

        await WriteEventAsync(response, "content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 }, aborted);
        var stop = new JsonObject { ["stop_reason"] = StopReason(answer), ["stop_sequence"] = null };
        await WriteEventAsync(response, "message_delta", new JsonObject { ["type"] = "message_delta", ["delta"] = stop, ["usage"] = new JsonObject { ["output_tokens"] = 5 } }, aborted);
        await WriteEventAsync(response, "message_stop", new JsonObject { ["type"] = "message_stop" }, aborted);
    }

    private static async Task WriteEventAsync(HttpResponse response, string name, JsonObject data, CancellationToken aborted)
    {
        await response.WriteAsync($"event: {name}\ndata: {data.ToJsonString()}\n\n", aborted);
        await response.Body.FlushAsync(aborted);
    }

    private JsonArray Blocks(ScriptedAnswer answer) => answer switch
    {
        ScriptedAnswer.Text text => [new JsonObject { ["type"] = "text", ["text"] = text.Content }],
        ScriptedAnswer.ToolCall call => [new JsonObject { ["type"] = "tool_use", ["id"] = NextCallId(), ["name"] = call.Name, ["input"] = JsonNode.Parse(call.ArgumentsJson) }],
        _ => throw new InvalidOperationException($"{answer} can only be streamed."),
    };

    private static string StopReason(ScriptedAnswer answer) => answer is ScriptedAnswer.ToolCall ? "tool_use" : "end_turn";

    private string NextCallId() => $"toolu_{Interlocked.Increment(ref _callIds)}";

    private static JsonObject Block(string type, JsonObject block) => new() { ["type"] = type, ["index"] = 0, ["content_block"] = block };

    private static JsonObject Message(string model, JsonArray content, string? stopReason, JsonObject usage) => new()
    {
        ["id"] = "msg_scripted",
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = model,
        ["content"] = content,
        ["stop_reason"] = stopReason,
        ["stop_sequence"] = null,
        ["usage"] = usage,
    };

    private static JsonObject Usage(int input, int output) => new() { ["input_tokens"] = input, ["output_tokens"] = output };

    private static JsonObject ErrorBody(string type, string message) =>
        new() { ["type"] = "error", ["error"] = new JsonObject { ["type"] = type, ["message"] = message } };

    private static string ErrorType(int status) => status switch
    {
        400 => "invalid_request_error",
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        529 => "overloaded_error",
        _ => "api_error",
    };

    /// <summary>The request's system prompt and messages as OpenAI-shaped messages, for scripts written against either server.</summary>
    private static JsonArray InOpenAIShape(JsonObject body)
    {
        var messages = new JsonArray();
        if (Text(body["system"]) is { Length: > 0 } system)
        {
            messages.Add(new JsonObject { ["role"] = "system", ["content"] = system });
        }

        foreach (var message in (body["messages"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var role = (string?)message["role"];
            var blocks = message["content"] is JsonArray array ? array.OfType<JsonObject>().ToArray() : [];
            foreach (var result in blocks.Where(block => (string?)block["type"] == "tool_result"))
            {
                messages.Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = (string?)result["tool_use_id"], ["content"] = Text(result["content"]) });
            }

            var calls = blocks.Where(block => (string?)block["type"] == "tool_use").Select(call => (JsonNode)new JsonObject
            {
                ["id"] = (string?)call["id"],
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = (string?)call["name"], ["arguments"] = call["input"]?.ToJsonString() },
            }).ToArray();
            var text = message["content"] is JsonValue plain ? (string?)plain : Text(new JsonArray([.. blocks.Where(block => (string?)block["type"] == "text").Select(block => block.DeepClone())]));
            if (calls.Length > 0)
            {
                messages.Add(new JsonObject { ["role"] = role, ["content"] = text, ["tool_calls"] = new JsonArray(calls) });
            }
            else if (!string.IsNullOrEmpty(text))
            {
                messages.Add(new JsonObject { ["role"] = role, ["content"] = text });
            }
        }

        return messages;
    }

    private static string? Text(JsonNode? content) => content switch
    {
        JsonValue value => (string?)value,
        JsonArray parts => string.Concat(parts.OfType<JsonObject>().Select(part => (string?)part["text"])),
        _ => null,
    };
}
