using System.ClientModel;
using System.Text.Json;
using Hermes.Contracts.Sessions;
using Hermes.ServiceDefaults.Secrets;
using Anthropic.Exceptions;
using Polly.Timeout;

namespace Hermes.Grains.Models;

/// <summary>Sorts a failed model call into the error classes that decide retry, fallback or failure (DESIGN §2).</summary>
public static class ModelErrorClassifier
{
    /// <summary>Classifies an exception thrown by a model call; its message goes through <paramref name="redactor"/>.</summary>
    /// <remarks>
    /// The message quotes the provider, and a provider may echo the credentials it was sent (a 401 quoting the
    /// Authorization header): it is redacted here, before it can reach session state, a reply, a log or a trace.
    /// </remarks>
    public static TurnError Classify(Exception exception, string? model, SecretRedactor redactor)
    {
        var error = ClassifyUnredacted(exception, model);
        return error with { Message = redactor.Redact(error.Message) };
    }

    private static TurnError ClassifyUnredacted(Exception exception, string? model)
    {
        if (Find<ModelRestingException>(exception) is { } skipped)
        {
            return new TurnError(ErrorKind.Transient, skipped.Message, null, model);
        }

        var root = Unwrap(exception);
        return root switch
        {
            ClientResultException { Status: > 0 } failure => FromResponse(failure, model),
            AnthropicApiException failure => FromAnthropic((int)failure.StatusCode, failure, model),
            AnthropicServiceException failure => FromAnthropic(0, failure, model),
            AnthropicIOException failure => new TurnError(ErrorKind.Transient, $"Could not reach the model endpoint: {Innermost(failure).Message}", null, model),
            ClientResultException failure => new TurnError(ErrorKind.Transient, $"Could not reach the model endpoint: {Innermost(failure).Message}", null, model),
            ModelStreamException failure => FromStatus(failure.HttpStatus, failure.Code, failure.Message, model),
            TimeoutRejectedException or TimeoutException or TaskCanceledException =>
                new TurnError(ErrorKind.Transient, "The model did not answer in time.", null, model),
            HttpRequestException or IOException =>
                new TurnError(ErrorKind.Transient, $"Could not reach the model endpoint: {root.Message}", null, model),
            _ => new TurnError(ErrorKind.Internal, root.Message, null, model),
        };
    }

    /// <summary>Classifies an error answer from its HTTP status and the endpoint's error code and message.</summary>
    public static TurnError FromStatus(int status, string? code, string message, string? model)
    {
        var kind = status switch
        {
            413 => ErrorKind.RequestTooLarge,
            _ when IsContextOverflow(code, message) => ErrorKind.RequestTooLarge,
            _ when IsContentPolicy(code, message) => ErrorKind.ContentPolicy,
            503 or 529 => ErrorKind.Capacity,
            _ when code is "overloaded_error" or "capacity_exceeded" or "overloaded" => ErrorKind.Capacity,
            404 => ErrorKind.ModelUnavailable,
            400 or 422 when IsUnknownModel(code, message) => ErrorKind.ModelUnavailable,
            401 or 403 => ErrorKind.Unauthorized,
            408 or 409 or 425 or 429 or >= 500 => ErrorKind.Transient,
            >= 400 and < 500 => ErrorKind.Rejected,
            _ => ErrorKind.Internal,
        };
        return new TurnError(kind, message, status, model);
    }

    // The Anthropic SDK names the status for an HTTP error; an error event inside a stream has only its type.
    private static TurnError FromAnthropic(int status, AnthropicServiceException failure, string? model)
    {
        var (code, message) = failure.Body.ValueKind == JsonValueKind.Object ? ReadErrorBody(failure.Body.GetRawText()) : (null, null);
        message ??= failure.ApiMessage ?? failure.Message;
        var effectiveStatus = status > 0 ? status : code switch
        {
            "overloaded_error" => 529,
            "rate_limit_error" => 429,
            "api_error" => 500,
            "authentication_error" => 401,
            "permission_error" => 403,
            "not_found_error" => 404,
            "request_too_large" => 413,
            _ => 400,
        };
        return FromStatus(effectiveStatus, code, message, model);
    }

    private static TurnError FromResponse(ClientResultException failure, string? model)
    {
        var (code, message) = ReadErrorBody(failure.GetRawResponse()?.Content?.ToString());
        return FromStatus(failure.Status, code, message ?? $"The endpoint answered HTTP {failure.Status}.", model);
    }

    /// <summary>Reads <c>{"error":{"message","code"}}</c> and the looser shapes some compatible servers send.</summary>
    internal static (string? Code, string? Message) ReadErrorBody(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, body.Trim());
            }

            var error = root.TryGetProperty("error", out var inner) ? inner : root;
            if (error.ValueKind == JsonValueKind.String)
            {
                return (null, error.GetString());
            }

            return (ReadText(error, "code") ?? ReadText(error, "type"), ReadText(error, "message") ?? ReadText(root, "detail"));
        }
        catch (JsonException)
        {
            return (null, body.Trim());
        }
    }

    private static string? ReadText(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static bool IsUnknownModel(string? code, string message) =>
        code is "model_not_found" or "invalid_model" ||
        (message.Contains("model", StringComparison.OrdinalIgnoreCase) &&
         (message.Contains("not a valid model", StringComparison.OrdinalIgnoreCase) ||
          message.Contains("does not exist", StringComparison.OrdinalIgnoreCase) ||
          message.Contains("not found", StringComparison.OrdinalIgnoreCase) ||
          message.Contains("invalid model", StringComparison.OrdinalIgnoreCase) ||
          message.Contains("unknown model", StringComparison.OrdinalIgnoreCase)));

    private static bool IsContextOverflow(string? code, string message) =>
        code is "context_length_exceeded" or "request_too_large" ||
        message.Contains("maximum context length", StringComparison.OrdinalIgnoreCase) ||
        message.Contains("context window", StringComparison.OrdinalIgnoreCase) ||
        message.Contains("prompt is too long", StringComparison.OrdinalIgnoreCase);

    // Content-policy and safety refusals: OpenAI's and Azure's codes, and the wording of compatible servers.
    private static bool IsContentPolicy(string? code, string message) =>
        code is "content_policy_violation" or "content_filter" or "content_policy" or "safety" ||
        message.Contains("content policy", StringComparison.OrdinalIgnoreCase) ||
        message.Contains("content management policy", StringComparison.OrdinalIgnoreCase) ||
        message.Contains("safety system", StringComparison.OrdinalIgnoreCase);

    private static T? Find<T>(Exception exception) where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            // An AggregateException's InnerException is its first inner exception, so one walk covers both.
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static Exception Unwrap(Exception exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }

        return exception;
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }
}
