using Hermes.Client.FrontDoor;
using Hermes.Contracts.Sessions;
using Microsoft.AspNetCore.Http;

namespace Hermes.Client.Api;

/// <summary>OpenAI-shaped error answers: for bad requests, and for replies that are not an assistant answer.</summary>
public static class ApiErrorResponses
{
    public static IResult BadRequest(string message, string? param) =>
        Error(StatusCodes.Status400BadRequest, OpenAiError.Of(message, "invalid_request_error", code: null, param));

    public static IResult UnknownModel(string? model, string served) => Error(
        StatusCodes.Status404NotFound,
        OpenAiError.Of($"The model '{model}' does not exist. This API serves '{served}'.", "invalid_request_error", "model_not_found", "model"));

    public static IResult TooLarge(long limit) => Error(
        StatusCodes.Status413PayloadTooLarge,
        OpenAiError.Of($"The request body is larger than {limit} bytes (Hermes:Api:MaxRequestBytes).", "invalid_request_error", "request_too_large"));

    public static IResult Unavailable(string message) =>
        Error(StatusCodes.Status503ServiceUnavailable, OpenAiError.Of($"Hermes is unavailable: {message}", "api_error", "unavailable"));

    /// <summary>The status and error for a reply that is not an answer, or null when it is one.</summary>
    public static (int Status, OpenAiError Error)? ForReply(FrontDoorReply reply) => reply switch
    {
        { Kind: not ReplyKind.Answered } => (StatusCodes.Status403Forbidden, OpenAiError.Of(reply.Text, "permission_error", "not_allowed")),
        { Turn.Outcome: TurnOutcome.Failed } => (StatusCodes.Status502BadGateway, OpenAiError.Of(reply.Text, "api_error", ErrorCode(reply.Turn.Error?.Kind))),
        { Turn.Outcome: TurnOutcome.Busy } => (StatusCodes.Status429TooManyRequests, OpenAiError.Of(reply.Text, "rate_limit_error", "session_busy")),
        { Turn.Outcome: TurnOutcome.Interrupted } => (StatusCodes.Status409Conflict, OpenAiError.Of(reply.Text, "conflict_error", "interrupted")),
        _ => null,
    };

    public static IResult Error(int status, OpenAiError error) => Results.Json(error, statusCode: status);

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
