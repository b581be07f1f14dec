using Hermes.Client.FrontDoor;
using Hermes.Contracts.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Hermes.Client.Api.Errors;

/// <summary>
/// Every error answer of the API, in OpenAI's shape. Statuses are chosen with the client libraries' retry rules in mind
/// (README, "OpenAI-compatible HTTP API"): an answer whose retry could run a second turn says <c>x-should-retry: false</c>.
/// </summary>
public static class ApiErrorResponses
{
    public const string InvalidRequest = "invalid_request_error";

    public static ApiFailure BadRequest(string message, string? param, string? code = null) =>
        new(StatusCodes.Status400BadRequest, OpenAiError.Of(message, InvalidRequest, code, param));

    public static ApiFailure UnknownModel(string? model, string served) => new(
        StatusCodes.Status404NotFound,
        OpenAiError.Of($"The model '{model}' does not exist. This API serves '{served}' and the models GET /v1/models lists.", InvalidRequest, "model_not_found", "model"));

    public static ApiFailure TooLarge(long limit) => new(
        StatusCodes.Status413PayloadTooLarge,
        OpenAiError.Of($"The request body is larger than {limit} bytes (Hermes:Api:MaxRequestBytes).", InvalidRequest, "request_too_large"));

    public static ApiFailure UnsupportedMediaType(string message) =>
        new(StatusCodes.Status415UnsupportedMediaType, OpenAiError.Of(message, InvalidRequest, "unsupported_media_type"));

    public static ApiFailure HeadersTooLarge(int limit) => new(
        StatusCodes.Status431RequestHeaderFieldsTooLarge,
        OpenAiError.Of($"The request's headers are larger than {limit} bytes in all (Hermes:Api:MaxRequestHeaderBytes).", InvalidRequest, "headers_too_large"));

    /// <summary>The same idempotency key came with another request: the first one's answer would not fit this one.</summary>
    public static ApiFailure IdempotencyKeyReused() => new(
        StatusCodes.Status422UnprocessableEntity,
        OpenAiError.Of(
            "This Idempotency-Key was already used for a different request in this conversation. A retry must repeat the request exactly; a new request needs a new key.",
            InvalidRequest,
            "idempotency_key_reused"));

    /// <summary>The cluster could not take the call (no gateway, silos restarting): nothing ran, so a retry is safe and welcome.</summary>
    public static ApiFailure Unavailable() => new(
        StatusCodes.Status503ServiceUnavailable,
        OpenAiError.Of("Hermes is unavailable: its cluster cannot be reached at the moment. Try again shortly.", "api_error", "unavailable"))
    {
        RetryAfter = TimeSpan.FromSeconds(1),
    };

    /// <summary>The turn outlived Hermes:Client:TurnTimeout and may still run: a retry joins it (same request, same message id).</summary>
    public static ApiFailure TurnTimedOut() => new(
        StatusCodes.Status504GatewayTimeout,
        OpenAiError.Of("The turn did not finish within Hermes:Client:TurnTimeout and may still be running; its answer will be in the conversation.", "api_error", "turn_timeout"),
        MayRetry: false);

    public static ApiFailure Internal() => new(
        StatusCodes.Status500InternalServerError,
        OpenAiError.Of("Hermes failed to answer; the error is in its log.", "api_error", "internal_error"));

    /// <summary>A body for a status the server chose without one (unknown path, wrong method …).</summary>
    public static ApiFailure ForStatus(int status)
    {
        var phrase = ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } known ? known : $"HTTP {status}";
        return new(
            status,
            OpenAiError.Of(
                status == StatusCodes.Status404NotFound ? "Unknown path. This API serves POST /v1/chat/completions, POST /v1/responses, GET and DELETE /v1/responses/{id}, GET /v1/responses/{id}/input_items and GET /v1/models." : phrase,
                status < 500 ? InvalidRequest : "api_error",
                phrase.ToLowerInvariant().Replace(' ', '_')));
    }

    /// <summary>The answer for a reply that is not an assistant answer, or null when it is one.</summary>
    public static ApiFailure? ForReply(FrontDoorReply reply) => reply switch
    {
        { Kind: not ReplyKind.Answered } => new(StatusCodes.Status403Forbidden, OpenAiError.Of(reply.Text, "permission_error", "not_allowed")),

        // The model chain failed and the turn is recorded: another attempt would be another failed turn.
        { Turn.Outcome: TurnOutcome.Failed } => new(StatusCodes.Status502BadGateway, OpenAiError.Of(reply.Text, "api_error", ErrorCode(reply.Turn.Error?.Kind)), MayRetry: false),

        // Nothing ran: the message was not taken. Sending it again later is what the session asks for.
        { Turn.Outcome: TurnOutcome.Busy } => new(StatusCodes.Status429TooManyRequests, OpenAiError.Of(reply.Text, "rate_limit_error", "session_busy"))
        {
            RetryAfter = TimeSpan.FromSeconds(1),
        },

        // Another message interrupted this turn; a retry would interrupt that one in turn. 409 is not retried by the .NET client.
        { Turn.Outcome: TurnOutcome.Interrupted } => new(StatusCodes.Status409Conflict, OpenAiError.Of(reply.Text, "conflict_error", "interrupted"), MayRetry: false),
        _ => null,
    };

    private static string ErrorCode(ErrorKind? kind) => kind switch
    {
        ErrorKind.ModelUnavailable => "model_unavailable",
        ErrorKind.Unauthorized => "model_unauthorized",
        ErrorKind.Rejected => "model_rejected",
        ErrorKind.RequestTooLarge => "context_length_exceeded",
        ErrorKind.NotConfigured => "not_configured",
        ErrorKind.Transient => "model_unreachable",
        _ => "internal_error",
    };
}
