using System.Text.Json;
using Hermes.Client.Api.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Hermes.Client.Api.Requests;

/// <summary>
/// Reads a JSON request body strictly, for every endpoint: UTF-8 JSON within the size limit, one object of the
/// endpoint's request type. A body that is wrong ends in a <see cref="RequestRefusedException"/> naming the field.
/// </summary>
public static class JsonRequestBody
{
    /// <summary>Longest conversation name or idempotency key: both become part of stored keys.</summary>
    public const int MaxNameLength = 256;

    /// <returns>The request and the body's bytes.</returns>
    public static async Task<(T Request, byte[] Body)> ReadAsync<T>(HttpRequest http, ApiOptions api, JsonSerializerOptions json, string what)
    {
        RequireUtf8Json(http);
        var body = await ReadBodyAsync(http, api.MaxRequestBytes, what);
        return (Deserialize<T>(body, json, what), body);
    }

    /// <summary>A conversation name or idempotency key, checked; null when absent.</summary>
    public static string? Name(string? value, string what, string? param)
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

    public static RequestRefusedException Refused(ApiFailure failure) => new(failure);

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

    private static async Task<byte[]> ReadBodyAsync(HttpRequest http, long limit, string what)
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
            ? throw Refused(ApiErrorResponses.BadRequest($"The request body is empty: send a {what} request as a JSON object.", null))
            : buffer.ToArray();
    }

    private static T Deserialize<T>(byte[] body, JsonSerializerOptions json, string what)
    {
        try
        {
            // The stream overload skips a UTF-8 byte order mark; strings with invalid UTF-8 or lone surrogates fail as JsonException.
            using var stream = new MemoryStream(body, writable: false);
            return JsonSerializer.Deserialize<T>(stream, json)
                ?? throw Refused(ApiErrorResponses.BadRequest("The request body must be a JSON object, not null.", null));
        }
        catch (JsonException invalid)
        {
            var param = ParamOf(invalid.Path);
            throw Refused(ApiErrorResponses.BadRequest(
                param is null ? $"The request body is not a valid {what} request: {invalid.Message}" : $"'{param}' is not valid: {invalid.Message}",
                param));
        }
    }

    /// <summary>The serializer's JSON path (<c>$.messages[0].content</c>) as OpenAI names a field (<c>messages[0].content</c>).</summary>
    private static string? ParamOf(string? path) => path is null or "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
