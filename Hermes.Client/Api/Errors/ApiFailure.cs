using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Hermes.Client.Api.Errors;

/// <summary>
/// An answer that is not a completion: its status, its OpenAI-shaped body, and whether a client library may send the
/// request again on its own.
/// </summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Error">The body.</param>
/// <param name="MayRetry">False adds <c>x-should-retry: false</c>, which the npm <c>openai</c> client honours (the .NET one does not; <see cref="Retries.RetryRecognizer"/> catches its retries).</param>
public sealed record ApiFailure(int Status, OpenAiError Error, bool MayRetry = true) : IResult
{
    public const string ShouldRetryHeader = "x-should-retry";

    /// <summary>When set, a <c>Retry-After</c> header: clients that retry wait this long first.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Status;
        if (!MayRetry)
        {
            response.Headers[ShouldRetryHeader] = "false";
        }

        if (RetryAfter is { } delay)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await response.WriteAsJsonAsync(Error, httpContext.RequestAborted);
    }
}
