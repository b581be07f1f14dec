using Hermes.Client.FrontDoor;
using Hermes.Client.Pushes;
using Hermes.ServiceDefaults.Logging;
using Hermes.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hermes.Client;

/// <summary>A quiet host that is a client of the Hermes cluster, for the console, operator commands and embedding.</summary>
public static class ClusterClientHost
{
    public const string ServiceName = "hermes-client";

    /// <summary>The client's host builder: joins the cluster its <c>Orleans</c> section names, with trace context sent along every call.</summary>
    /// <param name="settings">Settings on top of the environment's, for hosts that embed a client.</param>
    public static HostApplicationBuilder CreateBuilder(IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Configuration.AddInMemoryCollection(settings ?? []);

        // The terminal is the user's; only problems belong on it.
        builder.AddHermesLogging(LogLevel.Warning);
        builder.AddHermesOpenTelemetry(ServiceName);
        builder.AddHermesClient();
        return builder;
    }

    public static async Task<IHost> StartAsync(IEnumerable<KeyValuePair<string, string?>>? settings, CancellationToken cancellationToken)
    {
        var host = CreateBuilder(settings).Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public static IClusterClient Client(this IHost host) => host.Services.GetRequiredService<IClusterClient>();

    public static HermesFrontDoor FrontDoor(this IHost host) => host.Services.GetRequiredService<HermesFrontDoor>();

    public static PushDrain Pushes(this IHost host) => host.Services.GetRequiredService<PushDrain>();
}
