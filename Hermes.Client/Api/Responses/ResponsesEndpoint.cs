using System.Collections.Immutable;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hermes.Client.Api.Errors;
using Hermes.Client.Api.Models;
using Hermes.Client.Api.Requests;
using Hermes.Client.Api.Retries;
using Hermes.Client.FrontDoor;
using Hermes.Contracts.Approvals;
using Hermes.Contracts.Responses;
using Hermes.Contracts.Sessions;
using Hermes.Contracts.Turns;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Hermes.Client.Api.Responses;

/// <summary>
/// OpenAI's Responses API over sessions: <c>POST /v1/responses</c> runs a turn in the session of the chain (or of the
/// named conversation, or a new one) and stores the response (<see cref="IResponseGrain"/>) unless <c>store</c> is
/// false; <c>GET</c> and <c>DELETE /v1/responses/{id}</c> and <c>GET /v1/responses/{id}/input_items</c> read and forget
/// it. Chains and branches: <see cref="ResponseChains"/>. A turn that waits for tool approval answers with
/// <c>mcp_approval_request</c> items; a request of <c>mcp_approval_response</c> items decides them and resumes it.
/// </summary>
public sealed class ResponsesEndpoint(
    HermesFrontDoor frontDoor,
    ResponseChains chains,
    RetryRecognizer retries,
    ModelCatalog models,
    TimeProvider time,
    IOptionsMonitor<ApiOptions> options,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    private const int DefaultPageSize = 20;

    private JsonSerializerOptions Json => json.Value.SerializerOptions;

    public async Task<IResult> CreateAsync(HttpContext context)
    {
        ResponseInput input;
        try
        {
            input = await ResponseRequestReader.ReadAsync(context.Request, options.CurrentValue, models, Json, time);
        }
        catch (RequestRefusedException refused)
        {
            return refused.Failure;
        }

        var caller = Caller(context);
        StoredResponse? previous = null;
        if (input.Request.PreviousResponseId is { } previousId && (previous = await chains.FindAsync(caller, previousId)) is null)
        {
            return NotFound(previousId, "previous_response_id");
        }

        if (UnknownApproval(input, previous) is { } unknown)
        {
            return unknown;
        }

        // A client library's retry of this request joins it or gets its failure again, as for chat completions.
        return retries.Recognise(caller, $"responses\n{previous?.Id ?? input.Conversation}", input.IdempotencyKey, input.BodyDigest) switch
        {
            RetryDecision.Send send => await RunAsync(context, caller, input, previous, send.Attempt),
            RetryDecision.Replay replay => replay.Failure,
            RetryDecision.Refuse refuse => refuse.Failure,
            var other => throw new InvalidOperationException($"Unknown decision {other}."),
        };
    }

    private async Task<IResult> RunAsync(HttpContext context, string caller, ResponseInput input, StoredResponse? previous, RequestAttempt attempt)
    {
        // Derived from the attempt, so that a retry joining it names the same response (and, for a new chain, the same session).
        var responseId = $"resp_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{caller}\n{attempt.MessageId}")))[..32]}";
        ApiFailure? failure = ApiErrorResponses.Internal();
        var final = false;
        try
        {
            var reply = await RunTurnAsync(context, caller, input, previous, attempt.MessageId, responseId);
            failure = reply.Failure;
            final = reply.Final;
            return reply.Answer;
        }
        catch (TimeoutException) when (!context.RequestAborted.IsCancellationRequested)
        {
            failure = ApiErrorResponses.TurnTimedOut();
            return failure;
        }
        catch (Exception exception) when (ClusterFault.IsTransient(exception) && !context.RequestAborted.IsCancellationRequested)
        {
            failure = ApiErrorResponses.Unavailable();
            return failure;
        }
        finally
        {
            attempt.End(failure, final);
        }
    }

    private async Task<(IResult Answer, ApiFailure? Failure, bool Final)> RunTurnAsync(
        HttpContext context, string caller, ResponseInput input, StoredResponse? previous, string messageId, string responseId)
    {
        // Decisions go to the session whose turn waits for them, whatever came after; anything else is placed in its chain.
        var (conversation, history) = input.Approvals.IsEmpty ? await PlaceAsync(input, previous, responseId) : (previous!.Conversation, null);
        var message = new IncomingMessage(ChatCompletionsEndpoint.Platform, ChatType.Dm, $"{caller}/{conversation}", caller, input.Text)
        {
            // A stored response's id is its message id: the session records the turn under it, and nothing when not stored.
            MessageId = input.Store ? messageId : null,
            Directives = new TurnDirectives(input.Instructions, input.Options, history, Record: input.Store),
        };
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        StoredResponse Draft(string text, TurnResult? turn, ImmutableArray<StoredToolCall> tools) => new(
            responseId, caller, conversation, string.Empty, TurnNumberOf(turn, previous), created, turn?.ModelUsed ?? models.Alias, text, turn?.Usage ?? TokenUsage.None,
            turn?.FallbackUsed == true, input.Instructions, previous?.Id, input.Conversation, input.Input, tools)
        {
            PendingApprovals = turn?.PendingApprovals ?? [],
        };
        var stream = input.Request.Stream
            ? new ResponseStream(context.Response, responseId, () => ResponseJson.Response(Draft(string.Empty, null, []), "in_progress", input.Store, input.Request))
            : null;
        var tools = new ToolCallLog();
        try
        {
            Func<TurnUpdate, CancellationToken, ValueTask> progress = (update, token) => ReportAsync(stream, tools, update, token);
            var reply = input.Approvals.IsEmpty
                ? await frontDoor.SendAsync(message, progress, context.RequestAborted)
                : await DecideAsync(message, input.Approvals, progress, context.RequestAborted);
            if (ApiErrorResponses.ForReply(reply) is { } failure)
            {
                return (await AnswerAsync(stream, failure, context.RequestAborted), failure, reply.Turn?.Outcome is TurnOutcome.Failed or TurnOutcome.Interrupted);
            }

            if (!input.Approvals.IsEmpty && reply.Turn is { Command: not null, AwaitsApproval: false })
            {
                // The decisions found nothing waiting: decided before (by another front-end), expired, or the session moved on.
                var stale = ApprovalNotPending(reply.Text);
                return (await AnswerAsync(stream, stale, context.RequestAborted), stale, true);
            }

            // A resumed turn's reply is the model's answer; the session's note of the decisions is the client's own input.
            var text = !input.Approvals.IsEmpty && reply.Turn is { Command: null } resumed ? resumed.Reply : reply.Text;
            var stored = Draft(text, reply.Turn, tools.Calls);
            if (input.Store)
            {
                stored = stored with { SessionId = (await chains.SnapshotAsync(caller, conversation)).SessionId };
                await chains.SaveAsync(stored);
            }

            var response = ResponseJson.Response(stored, "completed", input.Store, input.Request);
            if (stream is null)
            {
                return (Results.Json(response, Json), null, false);
            }

            await stream.CompleteAsync(stored, response, context.RequestAborted);
            return (Results.Empty, null, false);
        }
        catch (Exception exception) when (stream is { Started: true } && !context.RequestAborted.IsCancellationRequested && (exception is TimeoutException || ClusterFault.IsTransient(exception)))
        {
            // The stream began: the failure goes out as response.failed; before it, the caller answers with a plain HTTP error.
            var failure = exception is TimeoutException ? ApiErrorResponses.TurnTimedOut() : ApiErrorResponses.Unavailable();
            return (await AnswerAsync(stream, failure, context.RequestAborted), failure, false);
        }
    }

    /// <summary>
    /// Sends each decision to the session as <c>/approve &lt;request id&gt;</c> or <c>/deny &lt;request id&gt; [reason]</c>,
    /// in order, each under a message id derived from the request's, so that a retried request decides (and runs) nothing
    /// twice. The last decision that leaves nothing waiting resumes the turn; its result is the answer.
    /// </summary>
    private async Task<FrontDoorReply> DecideAsync(
        IncomingMessage message, ImmutableArray<ApprovalAnswer> approvals, Func<TurnUpdate, CancellationToken, ValueTask> progress, CancellationToken cancellationToken)
    {
        FrontDoorReply? reply = null;
        for (var index = 0; index < approvals.Length; index++)
        {
            reply = await frontDoor.SendAsync(message with { Text = approvals[index].Command, MessageId = $"{message.MessageId}:{index}" }, progress, cancellationToken);
            if (ApiErrorResponses.ForReply(reply) is not null)
            {
                break;
            }
        }

        return reply!;
    }

    /// <summary>A 400 for an <c>mcp_approval_response</c> that answers no approval request of the previous response.</summary>
    private static ApiFailure? UnknownApproval(ResponseInput input, StoredResponse? previous)
    {
        for (var index = 0; index < input.Approvals.Length; index++)
        {
            var id = input.Approvals[index].RequestId;
            if (previous is null || !previous.PendingApprovals.Any(approval => approval.RequestId == id))
            {
                return ApiErrorResponses.BadRequest(
                    $"'{id}' is not an mcp_approval_request of the response '{previous?.Id}'.", $"input[{index}].approval_request_id");
            }
        }

        return null;
    }

    private static ApiFailure ApprovalNotPending(string sessionReply) => new(
        StatusCodes.Status409Conflict,
        OpenAiError.Of($"Nothing waits for these decisions any more (decided before, expired, or a new message came): {sessionReply}", ApiErrorResponses.InvalidRequest, "approval_not_pending"),
        MayRetry: false);

    /// <summary>
    /// The session turn a response stands for: the turn's own, except for decisions that left calls waiting (a command's
    /// answer, numbered as the last recorded turn), which still stand for the paused turn of the response they answer.
    /// </summary>
    private static int TurnNumberOf(TurnResult? turn, StoredResponse? previous) =>
        turn is { Command: not null, AwaitsApproval: true } && previous is not null ? previous.TurnNumber : turn?.TurnNumber ?? 0;

    public async Task<IResult> GetAsync(HttpContext context, string id) =>
        await chains.FindAsync(Caller(context), id) is { } stored
            ? Results.Json(ResponseJson.Response(stored, "completed", store: true, request: null), Json)
            : NotFound(id, null);

    public async Task<IResult> DeleteAsync(HttpContext context, string id) =>
        await chains.FindAsync(Caller(context), id) is not null && await chains.DeleteAsync(id)
            ? Results.Json(ResponseJson.Deleted(id), Json)
            : NotFound(id, null);

    public async Task<IResult> InputItemsAsync(HttpContext context, string id)
    {
        if (await chains.FindAsync(Caller(context), id) is not { } stored)
        {
            return NotFound(id, null);
        }

        var query = context.Request.Query;
        var order = query["order"].FirstOrDefault() ?? "desc";
        if (order is not ("asc" or "desc"))
        {
            return ApiErrorResponses.BadRequest("'order' must be 'asc' or 'desc'.", "order");
        }

        var limit = DefaultPageSize;
        if (query["limit"].FirstOrDefault() is { } given && (!int.TryParse(given, out limit) || limit is < 1 or > 100))
        {
            return ApiErrorResponses.BadRequest("'limit' must be a number from 1 to 100.", "limit");
        }

        return Results.Json(ResponseJson.InputItems(stored, order == "asc", limit, query["after"].FirstOrDefault()), Json);
    }

    /// <summary>
    /// The conversation a new response goes to, and the history the session must follow: the chain's session when the
    /// previous response is its latest; a fork (a new conversation from the history up to the previous response) when it
    /// is not, or when nothing is to be stored; else the named conversation, or a new one seeded with the input's history.
    /// </summary>
    private async Task<(string Conversation, ImmutableArray<TranscriptMessage>? History)> PlaceAsync(ResponseInput input, StoredResponse? previous, string responseId)
    {
        if (previous is not null)
        {
            var (latest, history) = await chains.LocateAsync(previous);

            // Nothing kept: the chain's session can serve it, with exactly the history up to the previous response.
            return !input.Store ? (previous.Conversation, history) : latest ? (previous.Conversation, null) : (responseId, history);
        }

        return input.Conversation is { } named ? (named, null) : (responseId, input.History.IsEmpty ? null : input.History);
    }

    private static async ValueTask ReportAsync(ResponseStream? stream, ToolCallLog tools, TurnUpdate update, CancellationToken cancellationToken)
    {
        tools.Observe(update);
        if (stream is null)
        {
            return;
        }

        switch (update)
        {
            case TextDelta delta:
                await stream.WriteTextAsync(delta.Text, cancellationToken);
                break;
            case ToolCallStarted started:
                await stream.WriteToolStartedAsync(started, cancellationToken);
                break;
            case ToolCallFinished finished:
                await stream.WriteToolFinishedAsync(finished, cancellationToken);
                break;
            case ApprovalRequested requested:
                await stream.WriteApprovalRequestedAsync(requested, cancellationToken);
                break;
            case TurnHeartbeat:
                await stream.KeepAliveAsync(cancellationToken);
                break;
        }
    }

    /// <summary>A failure as a plain HTTP answer, or as <c>response.failed</c> when the stream already began.</summary>
    private static async Task<IResult> AnswerAsync(ResponseStream? stream, ApiFailure failure, CancellationToken cancellationToken)
    {
        if (stream is not { Started: true })
        {
            return failure;
        }

        await stream.FailAsync(failure.Error, cancellationToken);
        return Results.Empty;
    }

    private static ApiFailure NotFound(string id, string? param) => new(
        StatusCodes.Status404NotFound,
        OpenAiError.Of($"No response with id '{id}' is stored for this key (never stored, stored with 'store: false', or deleted).", ApiErrorResponses.InvalidRequest, "response_not_found", param));

    private static string Caller(HttpContext context) => context.User.FindFirstValue(ClaimTypes.Name)!;
}
