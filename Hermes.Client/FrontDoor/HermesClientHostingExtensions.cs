using Hermes.Client.Access;
using Hermes.ServiceDefaults.Clustering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Polly;

namespace Hermes.Client.FrontDoor;

public static class HermesClientHostingExtensions
{
    /// <summary>
    /// Makes the host an Orleans client of the Hermes cluster (<c>Hermes:Cluster</c>) and registers
    /// <see cref="HermesFrontDoor"/>, the entry point front-ends send messages through.
    /// </summary>
    public static IHostApplicationBuilder AddHermesClient(this IHostApplicationBuilder builder)
    {
        var cluster = builder.Configuration.GetSection(HermesClusterOptions.SectionName).Get<HermesClusterOptions>() ?? new HermesClusterOptions();
        var client = builder.Configuration.GetSection(HermesClientOptions.SectionName).Get<HermesClientOptions>() ?? new HermesClientOptions();
        builder.UseOrleansClient(orleans =>
        {
            // An Orleans:Clustering section (e.g. a static gateway list) is Orleans' own, and wins over the profile.
            if (!builder.Configuration.GetSection("Orleans:Clustering").Exists())
            {
                if (cluster.Mode == ClusterMode.Redis)
                {
                    orleans.UseRedisClustering(cluster.RequireRedis());
                }
                else
                {
                    orleans.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
                }
            }

            orleans.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
            orleans.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = client.ResponseTimeout);
            orleans.AddActivityPropagation();
        });

        builder.Services.AddOptions<HermesClientOptions>()
            .Bind(builder.Configuration.GetSection(HermesClientOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<AccessOptions>()
            .Bind(builder.Configuration.GetSection(AccessOptions.SectionName));
        builder.Services.AddResiliencePipeline(ClusterRetry.PipelineName, ClusterRetry.Configure);
        builder.Services.AddSingleton<AccessPolicy>();
        builder.Services.AddSingleton<HermesFrontDoor>();
        return builder;
    }
}
