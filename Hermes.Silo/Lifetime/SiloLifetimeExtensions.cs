using Microsoft.Extensions.Options;

namespace Hermes.Silo.Lifetime;

public static class SiloLifetimeExtensions
{
    /// <summary>
    /// Stops the silo before its web host, so that the probes answer through the whole shutdown, and bounds the
    /// shutdown and the turn drain by <see cref="ShutdownOptions"/>. (The web host starts last, once the silo is active.)
    /// </summary>
    public static IServiceCollection AddSiloLifetime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShutdownOptions>()
            .Bind(configuration.GetSection(ShutdownOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
        services.AddSingleton<SiloShutdown>();
        services.AddHostedService<SiloStopsBeforeWebHost>();
        return services;
    }
}
