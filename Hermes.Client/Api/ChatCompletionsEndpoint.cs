using System.Security.Claims;
using System.Text.Json;
using Hermes.Client.Api.Contracts;
using Hermes.Client.Api.Errors;
using Hermes.Client.Api.Requests;
using Hermes.Client.Api.Retries;
using Hermes.Client.FrontDoor;
using Hermes.Contracts.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Hermes.Client.Api;

/// <summary>
/// <c>POST /v1/chat/completions</c>: the last user message goes to the caller's session (the session keeps the
/// history); the answer comes back whole or as server-sent events.
/// </summary>
public sealed class ChatCompletionsEndpoint(
    HermesFrontDoor frontDoor,
    RetryRecognizer retries,
    IOptionsMonitor<ApiOptions> options,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public const string Platform = "api";

    private JsonSerializerOptions Json => json.Value.SerializerOptions;

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ChatCompletionInput input;
        try
        {
            input = await ChatCompletionRequestReader.ReadAsync(context.Request, options.CurrentValue, Json);
        }
        catch (RequestRefusedException refused)
        {
            return refused.Failure;
        }

        var caller = context.User.FindFirstValue(ClaimTypes.Name)!;
        return retries.Recognise(caller, input) switch
        {
            RetryDecision.Send send => await SendAsync(context, caller, input, send.Attempt),
            RetryDecision.Replay replay => replay.Failure,
            RetryDecision.Refuse refuse => refuse.Failure,
            var other => throw new InvalidOperationException($"Unknown decision {other}."),
        };
    }

    private async Task<IResult> SendAsync(HttpContext context, string caller, ChatCompletionInput input, RequestAttempt attempt)
    {
        var message = new IncomingMessage(Platform, ChatType.Dm, $"{caller}/{input.Conversation}", caller, input.Text) { MessageId = attempt.MessageId };
        var stream = input.Request.Stream ? new ChatCompletionStream(context.Response, $"chatcmpl-{Guid.NewGuid():N}", options.CurrentValue.ModelName, Json) : null;

        // Until the session answers, the attempt counts as failed but not final: the same request may go to the session again.
        ApiFailure? failure = ApiErrorResponses.Internal();
        var final = false;
        try
        {
            var reply = await frontDoor.SendAsync(message, stream is null ? null : (update, _) => ReportAsync(stream, update, context.RequestAborted), context.RequestAborted);
            failure = ApiErrorResponses.ForReply(reply);
            final = reply.Turn?.Outcome is TurnOutcome.Failed or TurnOutcome.Interrupted;
            if (stream is null)
            {
                return failure ?? Whole(reply);
            }

            if (failure is null && stream.Started && reply.ProgressCut)
            {
                // What was streamed may be partial, but the session recorded the whole answer under this request's message id.
                failure = new ApiFailure(StatusCodes.Status502BadGateway, OpenAiError.Of(
                    "The stream was cut by a cluster failure. The session kept the whole answer: send the same request again to get it.", "api_error", "stream_interrupted"));
            }

            return await FinishStreamAsync(stream, reply, failure, input.Request.StreamOptions?.IncludeUsage == true, context.RequestAborted);
        }
        catch (MessageIdReusedException)
        {
            failure = ApiErrorResponses.IdempotencyKeyReused();
            return await AnswerAsync(stream, failure, context.RequestAborted);
        }
        catch (TimeoutException) when (!context.RequestAborted.IsCancellationRequested)
        {
            failure = ApiErrorResponses.TurnTimedOut();
            return await AnswerAsync(stream, failure, context.RequestAborted);
        }
        catch (Exception exception) when (ClusterFault.IsTransient(exception) && !context.RequestAborted.IsCancellationRequested)
        {
            failure = ApiErrorResponses.Unavailable();
            return await AnswerAsync(stream, failure, context.RequestAborted);
        }
        finally
        {
            attempt.End(failure, final);
        }
    }

    private static async ValueTask ReportAsync(ChatCompletionStream stream, TurnUpdate update, CancellationToken cancellationToken)
    {
        switch (update)
        {
            case TextDelta delta:
                await stream.WriteTextAsync(delta.Text, cancellationToken);
                break;
            case TurnHeartbeat:
                await stream.KeepAliveAsync(cancellationToken);
                break;
        }
    }

    private IResult Whole(FrontDoorReply reply)
    {
        var completion = new ChatCompletion(
            $"chatcmpl-{Guid.NewGuid():N}",
            "chat.completion",
            DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            options.CurrentValue.ModelName,
            [new ChatCompletionChoice(0, new ChatCompletionMessage("assistant", reply.Text), "stop")],
            Usage(reply.Turn!));
        return Results.Json(completion, Json);
    }

    private static async Task<IResult> FinishStreamAsync(ChatCompletionStream stream, FrontDoorReply reply, ApiFailure? failure, bool includeUsage, CancellationToken cancellationToken)
    {
        if (!stream.Started)
        {
            if (failure is not null)
            {
                return failure;
            }

            // An answer that was not streamed (a command's, a recorded one given again) goes out in one piece.
            await stream.WriteTextAsync(reply.Text, cancellationToken);
        }
        else if (reply.Turn is { AwaitsApproval: true } paused)
        {
            // A turn waiting for approval streamed no answer: its question, with how to answer, is the answer.
            await stream.WriteTextAsync($"\n\n{paused.Reply}", cancellationToken);
        }

        if (failure is not null)
        {
            await stream.FailAsync(failure.Error, cancellationToken);
        }
        else
        {
            await stream.FinishAsync(includeUsage ? Usage(reply.Turn!) : null, cancellationToken);
        }

        return Results.Empty;
    }

    /// <summary>A failure as a plain HTTP answer, or as an error event when the stream already began.</summary>
    private static async Task<IResult> AnswerAsync(ChatCompletionStream? stream, ApiFailure failure, CancellationToken cancellationToken)
    {
        if (stream is not { Started: true })
        {
            return failure;
        }

        await stream.FailAsync(failure.Error, cancellationToken);
        return Results.Empty;
    }

    private static CompletionUsage Usage(TurnResult turn) => new(turn.Usage.InputTokens, turn.Usage.OutputTokens, turn.Usage.TotalTokens);
}
