using Microsoft.Extensions.Options;

namespace Hermes.Silo.Lifetime;

public static class SiloLifetimeExtensions
{
    /// <summary>
    /// Orders the silo's start and stop around its web host, and bounds the shutdown and the turn drain by
    /// <see cref="ShutdownOptions"/>.
    /// </summary>
    public static IServiceCollection AddSiloLifetime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShutdownOptions>()
            .Bind(configuration.GetSection(ShutdownOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) =>
        {
            host.ShutdownTimeout = shutdown.Value.Timeout;

            // The web host answers probes (live, not yet ready) while the silo joins its cluster.
            host.ServicesStartConcurrently = true;
        });
        services.AddSingleton<SiloShutdown>();
        services.AddHostedService<SiloStopsBeforeWebHost>();
        return services;
    }
}
