using Hermes.Client.FrontDoor;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hermes.Client;

/// <summary>Starts a quiet host that is a client of the Hermes cluster, for the console and operator commands.</summary>
public static class ClusterClientHost
{
    /// <param name="configure">Adds configuration on top of the defaults (appsettings, environment), e.g. a cluster to join.</param>
    /// <param name="cancellationToken">Stops waiting for the cluster.</param>
    public static async Task<IHost> StartAsync(Action<IConfigurationBuilder>? configure, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        configure?.Invoke(builder.Configuration);

        // The terminal is the user's; only problems belong on it.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddHermesClient();
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    public static IClusterClient Client(this IHost host) => host.Services.GetRequiredService<IClusterClient>();

    public static HermesFrontDoor FrontDoor(this IHost host) => host.Services.GetRequiredService<HermesFrontDoor>();
}
