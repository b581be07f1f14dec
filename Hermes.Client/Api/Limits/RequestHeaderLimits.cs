using Hermes.Client.Api.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Hermes.Client.Api.Limits;

/// <summary>
/// Refuses oversized headers and request lines with an OpenAI-shaped 431 or 414. Kestrel refuses them itself with an
/// empty body, before any middleware runs, so its own limits are set <see cref="ServerHeadroom"/> times higher and the
/// API's are checked here, where an answer can have a body.
/// </summary>
public sealed class RequestHeaderLimits(RequestDelegate next, IOptionsMonitor<ApiOptions> options)
{
    public const int ServerHeadroom = 4;

    /// <summary>Kestrel's default number of headers, kept as the API's limit.</summary>
    public const int MaxHeaderCount = 100;

    /// <summary>Kestrel's default request line size, kept as the API's limit.</summary>
    public const int MaxRequestLineBytes = 8 * 1024;

    /// <summary>Sets Kestrel's limits above the API's, so that requests between the two reach this middleware.</summary>
    public static void ConfigureServer(KestrelServerLimits limits, ApiOptions api)
    {
        limits.MaxRequestHeadersTotalSize = api.MaxRequestHeaderBytes * ServerHeadroom;
        limits.MaxRequestHeaderCount = MaxHeaderCount * ServerHeadroom;
        limits.MaxRequestLineSize = MaxRequestLineBytes * ServerHeadroom;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var limit = options.CurrentValue.MaxRequestHeaderBytes;
        long size = 0;
        foreach (var (name, values) in request.Headers)
        {
            // As sent: "name: value\r\n" per value.
            size += values.Sum(value => name.Length + (value?.Length ?? 0) + 4);
        }

        if (size > limit || request.Headers.Count > MaxHeaderCount)
        {
            await ApiErrorResponses.HeadersTooLarge(limit).ExecuteAsync(context);
            return;
        }

        if (request.Path.Value?.Length + request.QueryString.Value?.Length > MaxRequestLineBytes)
        {
            await new ApiFailure(StatusCodes.Status414UriTooLong, OpenAiError.Of(
                $"The request's URL is longer than {MaxRequestLineBytes} bytes.", ApiErrorResponses.InvalidRequest, "url_too_long")).ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
