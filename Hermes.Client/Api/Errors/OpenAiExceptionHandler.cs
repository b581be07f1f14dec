using Hermes.Client.FrontDoor;
using Hermes.Contracts.Sessions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Hermes.Client.Api.Errors;

/// <summary>
/// The last resort: an exception nothing else answered still gets an OpenAI-shaped body, with a 4xx when the request
/// was at fault, 503 when the cluster was, and 500 only for a fault of Hermes itself.
/// </summary>
public sealed class OpenAiExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        var failure = exception switch
        {
            RequestRefusedException refused => refused.Failure,
            BadHttpRequestException malformed => new ApiFailure(
                malformed.StatusCode, OpenAiError.Of($"The request could not be read: {malformed.Message}", ApiErrorResponses.InvalidRequest)),
            MessageIdReusedException => ApiErrorResponses.IdempotencyKeyReused(),
            _ when ClusterFault.IsTransient(exception) => ApiErrorResponses.Unavailable(),
            _ => ApiErrorResponses.Internal(),
        };
        await failure.ExecuteAsync(httpContext);
        return true;
    }
}
