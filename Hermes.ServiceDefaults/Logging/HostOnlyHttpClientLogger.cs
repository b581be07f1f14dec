using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace Hermes.ServiceDefaults.Logging;

/// <summary>
/// Logs an outgoing HTTP request by its method, host and outcome, never its path or query: every Telegram Bot API path
/// carries the bot token, and some model endpoints take their key in the query. Replaces HttpClient's own logging, which
/// prints whole URLs, in every Hermes host; the category stays <c>System.Net.Http.HttpClient</c>.
/// </summary>
internal sealed partial class HostOnlyHttpClientLogger(ILoggerFactory loggers) : IHttpClientLogger
{
    public const string Category = "System.Net.Http.HttpClient";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public object? LogRequestStart(HttpRequestMessage request) => null;

    // The host is read only when the line is written: at the shipped level (Warning) a model call pays for no string.
    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            LogAnswered(_logger, request.Method, request.RequestUri?.Authority, (int)response.StatusCode, elapsed.TotalMilliseconds);
        }
    }

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            LogFailed(_logger, request.Method, request.RequestUri?.Authority, elapsed.TotalMilliseconds, exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} to {Host} answered {StatusCode} after {ElapsedMilliseconds:0.0} ms")]
    private static partial void LogAnswered(ILogger logger, HttpMethod method, string? host, int statusCode, double elapsedMilliseconds);

    // The exception's message may quote the URL: only its type is logged.
    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} to {Host} failed after {ElapsedMilliseconds:0.0} ms: {Failure}")]
    private static partial void LogFailed(ILogger logger, HttpMethod method, string? host, double elapsedMilliseconds, string failure);
}
