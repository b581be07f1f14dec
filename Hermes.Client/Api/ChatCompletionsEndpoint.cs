using System.Security.Claims;
using System.Text.Json;
using Hermes.Client.Api.Contracts;
using Hermes.Client.FrontDoor;
using Hermes.Contracts.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Hermes.Client.Api;

/// <summary>
/// <c>POST /v1/chat/completions</c>: the last user message goes to the caller's session (the session keeps the
/// history); the answer comes back whole or as server-sent events.
/// </summary>
public sealed partial class ChatCompletionsEndpoint(
    HermesFrontDoor frontDoor,
    IOptionsMonitor<ApiOptions> options,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    ILogger<ChatCompletionsEndpoint> logger)
{
    public const string Platform = "api";

    /// <summary>Names the conversation; the request's <c>user</c> field does when the header is absent.</summary>
    public const string ConversationHeader = "X-Hermes-Conversation";

    /// <summary>Makes a retried request safe: the same key gets the first answer.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    private JsonSerializerOptions Json => json.Value.SerializerOptions;

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var api = options.CurrentValue;
        if (!context.Request.HasJsonContentType())
        {
            return ApiErrorResponses.Error(
                StatusCodes.Status415UnsupportedMediaType,
                OpenAiError.Of("The request body must be JSON, sent with 'Content-Type: application/json'.", "invalid_request_error"));
        }

        ChatCompletionRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync<ChatCompletionRequest>(Json, context.RequestAborted);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiErrorResponses.TooLarge(api.MaxRequestBytes);
        }
        catch (JsonException invalid)
        {
            return ApiErrorResponses.BadRequest($"The request body is not valid JSON: {invalid.Message}", null);
        }

        if (request is null)
        {
            return ApiErrorResponses.BadRequest("The request body is empty.", null);
        }

        if (string.IsNullOrWhiteSpace(request.Model))
        {
            return ApiErrorResponses.BadRequest("'model' is required.", "model");
        }

        if (request.Model != api.ModelName)
        {
            return ApiErrorResponses.UnknownModel(request.Model, api.ModelName);
        }

        if (request.Messages is not { Count: > 0 } messages || messages[^1] is not { Role: "user", Text: { Length: > 0 } text })
        {
            return ApiErrorResponses.BadRequest("'messages' must end with a user message that has text.", "messages");
        }

        var caller = context.User.FindFirstValue(ClaimTypes.Name)!;
        var conversation = context.Request.Headers[ConversationHeader].FirstOrDefault() ?? request.User ?? "default";
        var message = new IncomingMessage(Platform, ChatType.Dm, $"{caller}/{conversation}", caller, text)
        {
            MessageId = context.Request.Headers[IdempotencyHeader].FirstOrDefault(),
        };
        var id = $"chatcmpl-{Guid.NewGuid():N}";
        try
        {
            return request.Stream
                ? await StreamAsync(context, message, id, request.StreamOptions?.IncludeUsage == true)
                : Whole(await frontDoor.SendAsync(message, cancellationToken: context.RequestAborted), id);
        }
        catch (Exception exception) when (exception is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or SessionUnavailableException)
        {
            return ApiErrorResponses.Unavailable(exception.Message);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            LogFailed(exception);
            return ApiErrorResponses.Error(StatusCodes.Status500InternalServerError, OpenAiError.Of("Hermes failed to answer; the error is in its log.", "api_error", "internal_error"));
        }
    }

    private IResult Whole(FrontDoorReply reply, string id)
    {
        if (ApiErrorResponses.ForReply(reply) is { } failure)
        {
            return ApiErrorResponses.Error(failure.Status, failure.Error);
        }

        var completion = new ChatCompletion(
            id,
            "chat.completion",
            DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            options.CurrentValue.ModelName,
            [new ChatCompletionChoice(0, new ChatCompletionMessage("assistant", reply.Text), "stop")],
            Usage(reply.Turn!));
        return Results.Json(completion, Json);
    }

    private async Task<IResult> StreamAsync(HttpContext context, IncomingMessage message, string id, bool includeUsage)
    {
        var aborted = context.RequestAborted;
        var stream = new ChatCompletionStream(context.Response, id, options.CurrentValue.ModelName, Json);
        var reply = await frontDoor.SendAsync(
            message,
            async (update, _) =>
            {
                switch (update)
                {
                    case TextDelta delta:
                        await stream.WriteTextAsync(delta.Text, aborted);
                        break;
                    case TurnHeartbeat:
                        await stream.KeepAliveAsync(aborted);
                        break;
                }
            },
            aborted);

        var failure = ApiErrorResponses.ForReply(reply);
        if (stream.Started && reply.ProgressCut)
        {
            // What was streamed may be partial; the recorded answer is the same request again, non-streamed, under its key.
            failure = (StatusCodes.Status502BadGateway, OpenAiError.Of(
                $"The stream was cut by a cluster failure. The session kept the whole answer: send the request again with the same {IdempotencyHeader} to get it.",
                "api_error",
                "stream_interrupted"));
        }

        if (!stream.Started)
        {
            if (failure is { } early)
            {
                return ApiErrorResponses.Error(early.Status, early.Error);
            }

            // An answer that was not streamed (a command's, a recorded one given again) goes out in one piece.
            await stream.WriteTextAsync(reply.Text, aborted);
        }

        if (failure is { } late)
        {
            await stream.FailAsync(late.Error, aborted);
        }
        else
        {
            await stream.FinishAsync(includeUsage ? Usage(reply.Turn!) : null, aborted);
        }

        return Results.Empty;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A chat completion failed")]
    private partial void LogFailed(Exception exception);

    private static CompletionUsage Usage(TurnResult turn) => new(turn.Usage.InputTokens, turn.Usage.OutputTokens, turn.Usage.TotalTokens);
}
