using Hermes.Grains.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hermes.Client;

/// <summary>Starts an Orleans client connected to the Hermes cluster, configured like any .NET host.</summary>
public static class ClusterClientHost
{
    public const string ServiceName = "hermes-client";

    /// <summary>
    /// The client's host builder: the local silo's gateway unless Orleans' own <c>Orleans:Clustering</c> section names
    /// another (a static gateway list, or the cluster's membership store), with trace context sent along every call.
    /// </summary>
    /// <param name="settings">Settings on top of the environment's, for hosts that embed a client.</param>
    public static HostApplicationBuilder CreateBuilder(IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        // The console is the user's; only problems belong on it.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddHermesOpenTelemetry(ServiceName);
        builder.UseOrleansClient(client =>
        {
            if (!builder.Configuration.GetSection("Orleans:Clustering").Exists())
            {
                client.UseLocalhostClustering();
            }

            client.AddActivityPropagation();
        });
        return builder;
    }

    public static async Task<IHost> StartAsync(CancellationToken cancellationToken)
    {
        var host = CreateBuilder().Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    public static IClusterClient Client(this IHost host) => host.Services.GetRequiredService<IClusterClient>();
}
