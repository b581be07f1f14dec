using Hermes.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly.Telemetry;

namespace Hermes.ServiceDefaults.Logging;

public static class HermesLoggingExtensions
{
    /// <summary>
    /// The log levels every Hermes host starts from. The libraries below print what must not reach a log at the levels
    /// they use for routine work, so they start at Warning: ASP.NET Core's request logging prints whole URLs (a refused
    /// <c>?api_key=…</c> included), HttpClient's logs every request (Telegram polls 76 times a minute),
    /// Polly's prints each call's result (a turn result carries the reply) with two lines per model request, and the MCP
    /// client warns on every connect that a server does not know <c>server/discover</c> (Hermes reports failed connects itself).
    /// </summary>
    /// <param name="level">The level of Hermes' own logs and of everything not named here.</param>
    public static IReadOnlyDictionary<string, string?> DefaultLevels(LogLevel level)
    {
        var quiet = level > LogLevel.Warning ? level : LogLevel.Warning;
        return new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Logging:LogLevel:Default"] = level.ToString(),
            ["Logging:LogLevel:Hermes"] = level.ToString(),
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = level.ToString(),
            ["Logging:LogLevel:Microsoft.AspNetCore"] = quiet.ToString(),
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = quiet.ToString(),
            ["Logging:LogLevel:Polly"] = quiet.ToString(),
            ["Logging:LogLevel:Orleans"] = quiet.ToString(),
            ["Logging:LogLevel:ModelContextProtocol"] = quiet.ToString(),
            ["Logging:LogLevel:ModelContextProtocol.Client.McpClient"] = (level > LogLevel.Error ? level : LogLevel.Error).ToString(),
        };
    }

    /// <summary>
    /// Gives the host Hermes' log levels (<see cref="DefaultLevels"/>) as the configuration's lowest layer: appsettings,
    /// environment variables (<c>Logging__LogLevel__Polly=Information</c>) and the command line still override each one,
    /// so an operator can turn any category up to debug it.
    /// </summary>
    /// <param name="level">Information for services; Warning for a terminal that belongs to the user.</param>
    public static IHostApplicationBuilder AddHermesLogging(this IHostApplicationBuilder builder, LogLevel level = LogLevel.Information)
    {
        builder.Configuration.AddBeneath(DefaultLevels(level));

        // Polly prints each call's result, and a front-end's result is a turn with its reply: even with Polly turned up
        // for debugging, a log shows an HTTP status or the result's type, never its contents.
        builder.Services.Configure<TelemetryOptions>(telemetry => telemetry.ResultFormatter = (_, result) => result switch
        {
            null => null,
            HttpResponseMessage response => (int)response.StatusCode,
            _ => result.GetType().Name,
        });

        // HttpClient's own logging prints whole URLs at every level it uses; Hermes' prints the host only.
        builder.Services.ConfigureHttpClientDefaults(http => http
            .RemoveAllLoggers()
            .AddLogger(services => new HostOnlyHttpClientLogger(services.GetRequiredService<ILoggerFactory>())));
        return builder;
    }
}
