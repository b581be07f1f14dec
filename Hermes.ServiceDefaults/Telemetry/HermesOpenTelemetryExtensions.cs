using Hermes.ServiceDefaults.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace Hermes.ServiceDefaults.Telemetry;

public static class HermesOpenTelemetryExtensions
{
    /// <summary>Configuration key that turns the console exporter on (off by default: it is for a developer's terminal).</summary>
    public const string ConsoleExporterKey = "Hermes:Telemetry:Console";

    /// <summary>The standard variable that names the OTLP collector; the exporter is on only when it is set.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Publishes Hermes' meter and activity source with Orleans', Microsoft.Extensions.AI's GenAI telemetry and the MCP
    /// SDK's beside them. The OTLP exporter follows the standard <c>OTEL_*</c> variables (endpoint, protocol, headers,
    /// <c>OTEL_SERVICE_NAME</c>); a host or a test adds other exporters through the OpenTelemetry builder. Configured
    /// secrets are masked in every span before an exporter sees it (<see cref="SecretRedactingProcessor"/>).
    /// </summary>
    public static IHostApplicationBuilder AddHermesOpenTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSecretRedactor(configuration);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? serviceName))
            .WithTracing(tracing => tracing
                .AddProcessor(services => new SecretRedactingProcessor(services.GetRequiredService<SecretRedactor>()))
                .AddSource(
                    HermesTelemetry.Name,
                    HermesTelemetry.GenAISourceName,
                    HermesTelemetry.McpSourceName,
                    ActivitySources.AllActivitySourceName))
            .WithMetrics(metrics => metrics.AddMeter(
                HermesTelemetry.Name,
                HermesTelemetry.OrleansMeterName,
                HermesTelemetry.GenAISourceName,
                HermesTelemetry.McpSourceName));

        if (configuration.GetValue<bool>(ConsoleExporterKey))
        {
            telemetry.WithTracing(tracing => tracing.AddConsoleExporter()).WithMetrics(metrics => metrics.AddConsoleExporter());
        }

        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]))
        {
            telemetry.WithLogging().UseOtlpExporter();
        }

        return builder;
    }
}
