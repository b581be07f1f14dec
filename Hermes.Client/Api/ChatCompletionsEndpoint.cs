using System.Security.Claims;
using System.Text.Json;
using Hermes.Client.Api.Chats;
using Hermes.Client.Api.Contracts;
using Hermes.Client.Api.Errors;
using Hermes.Client.Api.Models;
using Hermes.Client.Api.Requests;
using Hermes.Client.Api.Retries;
using Hermes.Client.FrontDoor;
using Hermes.Contracts.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Hermes.Client.Api;

/// <summary>
/// <c>POST /v1/chat/completions</c>: the last user message goes to a session of the caller, chosen by the conversation
/// header or <c>user</c>, else by the history itself (<see cref="ChatConversations"/>); the session follows the client's
/// history and takes its system messages as the turn's instructions. The answer comes back whole or as server-sent events.
/// </summary>
public sealed class ChatCompletionsEndpoint(
    HermesFrontDoor frontDoor,
    RetryRecognizer retries,
    ChatConversations chats,
    ModelCatalog models,
    TimeProvider time,
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
            input = await ChatCompletionRequestReader.ReadAsync(context.Request, options.CurrentValue, models, Json, time);
        }
        catch (RequestRefusedException refused)
        {
            return refused.Failure;
        }

        var caller = context.User.FindFirstValue(ClaimTypes.Name)!;
        return retries.Recognise(caller, input) switch
        {
            RetryDecision.Send send => await SendAsync(context, caller, input, await ConversationOfAsync(caller, input, send.Attempt), send.Attempt),
            RetryDecision.Replay replay => replay.Failure,
            RetryDecision.Refuse refuse => refuse.Failure,
            var other => throw new InvalidOperationException($"Unknown decision {other}."),
        };
    }

    /// <summary>The named conversation, or the one the history belongs to; a lookup that fails ends the attempt as unavailable.</summary>
    private async Task<string> ConversationOfAsync(string caller, ChatCompletionInput input, RequestAttempt attempt)
    {
        try
        {
            return input.Conversation ?? await chats.FindOrStartAsync(caller, input.Directives.History ?? []);
        }
        catch (Exception exception) when (ClusterFault.IsTransient(exception))
        {
            attempt.End(ApiErrorResponses.Unavailable(), final: false);
            throw;
        }
    }

    private async Task<IResult> SendAsync(HttpContext context, string caller, ChatCompletionInput input, string conversation, RequestAttempt attempt)
    {
        var history = input.Directives.History ?? [];
        var message = new IncomingMessage(Platform, ChatType.Dm, $"{caller}/{conversation}", caller, input.Text) { MessageId = attempt.MessageId, Directives = input.Directives };
        var stream = input.Request.Stream ? new ChatCompletionStream(context.Response, $"chatcmpl-{Guid.NewGuid():N}", models.Alias, Json) : null;

        // Until the session answers, the attempt counts as failed but not final: the same request may go to the session again.
        ApiFailure? failure = ApiErrorResponses.Internal();
        var final = false;
        try
        {
            var toolEvents = options.CurrentValue.ChatToolEvents || IsOn(context.Request.Headers[ApiHeaders.ToolEvents].FirstOrDefault());
            var reply = await frontDoor.SendAsync(message, stream is null ? null : (update, _) => ReportAsync(stream, update, toolEvents, context.RequestAborted), context.RequestAborted);
            failure = ApiErrorResponses.ForReply(reply);
            final = reply.Turn?.Outcome is TurnOutcome.Failed or TurnOutcome.Interrupted;
            if (failure is null && input.Conversation is null)
            {
                // The client's next request carries this answer in its history: that history will find this conversation.
                await chats.RememberAsync(caller, history, input.Text, reply.Text, conversation);
            }

            var details = new AnswerDetails(reply.Turn?.FallbackUsed == true, conversation);
            if (stream is null)
            {
                return failure ?? Whole(reply, details);
            }

            if (failure is null && stream.Started && reply.ProgressCut)
            {
                // What was streamed may be partial, but the session recorded the whole answer under this request's message id.
                failure = new ApiFailure(StatusCodes.Status502BadGateway, OpenAiError.Of(
                    "The stream was cut by a cluster failure. The session kept the whole answer: send the same request again to get it.", "api_error", "stream_interrupted"));
            }

            return await FinishStreamAsync(stream, reply, failure, details, input.Request.StreamOptions?.IncludeUsage == true, context.RequestAborted);
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

    private static bool IsOn(string? header) => header is not null && (header.Equals("on", StringComparison.OrdinalIgnoreCase) || header.Equals("true", StringComparison.OrdinalIgnoreCase));

    private static async ValueTask ReportAsync(ChatCompletionStream stream, TurnUpdate update, bool toolEvents, CancellationToken cancellationToken)
    {
        switch (update)
        {
            case TextDelta delta:
                await stream.WriteTextAsync(delta.Text, cancellationToken);
                break;
            case ToolCallStarted or ToolCallFinished when toolEvents:
                await stream.WriteToolAsync(update, cancellationToken);
                break;
            case TurnHeartbeat:
                await stream.KeepAliveAsync(cancellationToken);
                break;
        }
    }

    private IResult Whole(FrontDoorReply reply, AnswerDetails details)
    {
        var completion = new ChatCompletion(
            $"chatcmpl-{Guid.NewGuid():N}",
            "chat.completion",
            DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ModelOf(reply.Turn!),
            [new ChatCompletionChoice(0, new ChatCompletionMessage("assistant", reply.Text), "stop")],
            Usage(reply.Turn!),
            details.SystemFingerprint,
            details);
        return Results.Json(completion, Json);
    }

    /// <summary>The model that answered; the alias for an answer no model gave (a command's).</summary>
    private string ModelOf(TurnResult turn) => turn.ModelUsed ?? models.Alias;

    private async Task<IResult> FinishStreamAsync(
        ChatCompletionStream stream, FrontDoorReply reply, ApiFailure? failure, AnswerDetails details, bool includeUsage, CancellationToken cancellationToken)
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
            await stream.FinishAsync(ModelOf(reply.Turn!), details, includeUsage ? Usage(reply.Turn!) : null, cancellationToken);
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
