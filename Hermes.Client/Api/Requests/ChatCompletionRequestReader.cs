using System.Security.Cryptography;
using System.Text.Json;
using Hermes.Client.Api.Contracts;
using Hermes.Client.Api.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Hermes.Client.Api.Requests;

/// <summary>
/// Reads and checks a chat-completions request before anything reaches the cluster. Every way a request can be wrong
/// ends in a <see cref="RequestRefusedException"/> whose answer names the problem (and the field, in <c>param</c>).
/// </summary>
public static class ChatCompletionRequestReader
{
    /// <summary>Longest conversation name or idempotency key: both become part of stored keys.</summary>
    public const int MaxNameLength = 256;

    public static async Task<ChatCompletionInput> ReadAsync(HttpRequest http, ApiOptions api, JsonSerializerOptions json)
    {
        RequireUtf8Json(http);
        var body = await ReadBodyAsync(http, api.MaxRequestBytes);
        var request = Deserialize(body, json);
        var text = CheckMessages(request, api.ModelName);
        var conversation = Name(http.Headers[ApiHeaders.Conversation].FirstOrDefault(), ApiHeaders.Conversation, null)
            ?? Name(request.User, "'user'", "user")
            ?? "default";
        var idempotencyKey = Name(http.Headers[ApiHeaders.IdempotencyKey].FirstOrDefault(), ApiHeaders.IdempotencyKey, null);
        return new ChatCompletionInput(request, text, conversation, idempotencyKey, Convert.ToHexString(SHA256.HashData(body)));
    }

    private static void RequireUtf8Json(HttpRequest http)
    {
        if (!http.HasJsonContentType() || !MediaTypeHeaderValue.TryParse(http.ContentType, out var contentType))
        {
            throw Refused(ApiErrorResponses.UnsupportedMediaType("The request body must be JSON, sent with 'Content-Type: application/json'."));
        }

        // JSON is UTF-8 (RFC 8259); any other charset is a client mistake better named than guessed at.
        if (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !contentType.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            throw Refused(ApiErrorResponses.UnsupportedMediaType($"The charset '{contentType.Charset}' is not supported: send the JSON body as UTF-8."));
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest http, long limit)
    {
        using var buffer = new MemoryStream();
        try
        {
            await http.Body.CopyToAsync(buffer, http.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw Refused(ApiErrorResponses.TooLarge(limit));
        }
        catch (BadHttpRequestException malformed)
        {
            throw Refused(new ApiFailure(malformed.StatusCode, OpenAiError.Of($"The request body could not be read: {malformed.Message}", ApiErrorResponses.InvalidRequest)));
        }

        return buffer.Length == 0
            ? throw Refused(ApiErrorResponses.BadRequest("The request body is empty: send a chat completions request as a JSON object.", null))
            : buffer.ToArray();
    }

    private static ChatCompletionRequest Deserialize(byte[] body, JsonSerializerOptions json)
    {
        try
        {
            // The stream overload skips a UTF-8 byte order mark; strings with invalid UTF-8 or lone surrogates fail as JsonException.
            using var stream = new MemoryStream(body, writable: false);
            return JsonSerializer.Deserialize<ChatCompletionRequest>(stream, json)
                ?? throw Refused(ApiErrorResponses.BadRequest("The request body must be a JSON object, not null.", null));
        }
        catch (JsonException invalid)
        {
            var param = ParamOf(invalid.Path);
            throw Refused(ApiErrorResponses.BadRequest(
                param is null ? $"The request body is not a valid chat completions request: {invalid.Message}" : $"'{param}' is not valid: {invalid.Message}",
                param));
        }
    }

    /// <returns>The text of the last message, which must be a user's with some text in it.</returns>
    private static string CheckMessages(ChatCompletionRequest request, string servedModel)
    {
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            throw Refused(ApiErrorResponses.BadRequest("'model' is required.", "model"));
        }

        if (request.Model != servedModel)
        {
            throw Refused(ApiErrorResponses.UnknownModel(request.Model, servedModel));
        }

        if (request.Messages is not { Count: > 0 } messages)
        {
            throw Refused(ApiErrorResponses.BadRequest("'messages' must be a non-empty array that ends with a user message.", "messages"));
        }

        for (var index = 0; index < messages.Count; index++)
        {
            if (messages[index] is null)
            {
                throw Refused(ApiErrorResponses.BadRequest($"Message {index} is null.", $"messages[{index}]"));
            }

            if (messages[index].Role is not { } role || !ChatCompletionRequestMessage.Roles.Contains(role))
            {
                throw Refused(ApiErrorResponses.BadRequest(
                    $"Message {index} has the role '{messages[index].Role}'; a role is one of {string.Join(", ", ChatCompletionRequestMessage.Roles)}.",
                    $"messages[{index}].role"));
            }
        }

        var last = messages.Count - 1;
        if (messages[last].Role != "user")
        {
            throw Refused(ApiErrorResponses.BadRequest("'messages' must end with a user message: that is the one the session answers.", "messages"));
        }

        if (messages[last].Content is not { } content)
        {
            throw Refused(ApiErrorResponses.BadRequest("The last user message has no content.", $"messages[{last}].content"));
        }

        for (var part = 0; part < content.Parts.Count; part++)
        {
            if (content.Parts[part].Type != MessageContent.TextType)
            {
                throw Refused(ApiErrorResponses.BadRequest(
                    $"Content parts of type '{content.Parts[part].Type}' are not supported: Hermes reads text.", $"messages[{last}].content[{part}].type"));
            }
        }

        // Refused here, before any grain work: a session takes no message without text.
        return string.IsNullOrWhiteSpace(content.Text)
            ? throw Refused(ApiErrorResponses.BadRequest("The last user message has no text (it is empty or only whitespace).", $"messages[{last}].content"))
            : content.Text;
    }

    private static string? Name(string? value, string what, string? param)
    {
        if (value is null)
        {
            return null;
        }

        // Header bytes that are not UTF-8 arrive as replacement characters: refused rather than stored garbled.
        return value.Length is 0 or > MaxNameLength || value.Any(char.IsControl) || value.Contains('\uFFFD', StringComparison.Ordinal)
            ? throw Refused(ApiErrorResponses.BadRequest($"{what} must have 1 to {MaxNameLength} characters in UTF-8 and no control characters.", param))
            : value;
    }

    /// <summary>The serializer's JSON path (<c>$.messages[0].content</c>) as OpenAI names a field (<c>messages[0].content</c>).</summary>
    private static string? ParamOf(string? path) => path is null or "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static RequestRefusedException Refused(ApiFailure failure) => new(failure);
}
