using Hermes.Client.Access;
using Hermes.Client.Pushes;
using Hermes.ServiceDefaults.Clustering;
using Hermes.ServiceDefaults.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Polly;

namespace Hermes.Client.FrontDoor;

public static class HermesClientHostingExtensions
{
    /// <summary>
    /// Makes the host an Orleans client of the Hermes cluster and registers <see cref="HermesFrontDoor"/>, the entry point
    /// front-ends send messages through. Orleans reads its own section (<c>Orleans:ClusterId</c>,
    /// <c>Orleans:Clustering</c>, <c>Orleans:Messaging</c>…); with no clustering provider chosen, the front-end looks for a
    /// local silo's gateway on loopback. A cluster that cannot be reached within <see cref="HermesClientOptions.ConnectTimeout"/>
    /// makes the host's start fail with <see cref="ClusterUnreachableException"/>.
    /// </summary>
    public static IHostApplicationBuilder AddHermesClient(this IHostApplicationBuilder builder)
    {
        var defaults = OrleansDefaults.Identity();

        // A call waits this long before the front door asks again under its message id (Orleans' own default is 30 s).
        defaults["Orleans:Messaging:ResponseTimeout"] = "00:01:00";
        if (!OrleansDefaults.ClusteringChosen(builder.Configuration))
        {
            defaults[OrleansDefaults.ClusteringProviderKey] = "Static";
            defaults["Orleans:Clustering:Gateways:0"] = $"127.0.0.1:{OrleansDefaults.LocalGatewayPort}";
        }

        // Orleans logs every refused connection with its stack trace; Hermes says in one line that the cluster is unreachable.
        defaults["Logging:LogLevel:Orleans.Runtime.Messaging"] = "Error";
        defaults["Logging:LogLevel:Orleans.Messaging"] = "Error";

        // A host that fails to start would log the whole exception; the hermes command prints why, once (HermesCommandLine).
        defaults["Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host"] = "Critical";
        builder.Configuration.AddBeneath(defaults);

        builder.UseOrleansClient(orleans =>
        {
            orleans.AddActivityPropagation();
            orleans.UseConnectionRetryFilter<ClusterConnectRetry>();
        });

        builder.Services.AddOptions<HermesClientOptions>()
            .Bind(builder.Configuration.GetSection(HermesClientOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<AccessOptions>()
            .Bind(builder.Configuration.GetSection(AccessOptions.SectionName));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddResiliencePipeline(ClusterRetry.PipelineName, ClusterRetry.Configure);
        builder.Services.AddSingleton<AccessPolicy>();
        builder.Services.AddSingleton<HermesFrontDoor>();
        builder.Services.AddOptions<PushOptions>().Bind(builder.Configuration.GetSection(PushOptions.SectionName));
        builder.Services.AddSingleton<PushDrain>();
        return builder;
    }
}
