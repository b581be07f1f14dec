using Hermes.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Hermes.Client;

/// <summary>Starts an Orleans client connected to the Hermes cluster, configured like any .NET host.</summary>
public static class ClusterClientHost
{
    /// <param name="configure">Adds configuration on top of the defaults (appsettings, environment), e.g. a cluster to join.</param>
    /// <param name="cancellationToken">Stops waiting for the cluster.</param>
    public static async Task<IHost> StartAsync(Action<IConfigurationBuilder>? configure, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        configure?.Invoke(builder.Configuration);
        // The console is the user's; only problems belong on it.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var cluster = builder.Configuration.GetSection(HermesClusterOptions.SectionName).Get<HermesClusterOptions>() ?? new HermesClusterOptions();
        builder.UseOrleansClient(client =>
        {
            if (cluster.Mode == ClusterMode.Redis)
            {
                client.UseRedisClustering(cluster.RequireRedis())
                    .Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
            }
            else
            {
                client.UseLocalhostClustering(serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            }
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    public static IClusterClient Client(this IHost host) => host.Services.GetRequiredService<IClusterClient>();
}
