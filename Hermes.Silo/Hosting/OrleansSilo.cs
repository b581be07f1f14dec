using System.Net;
using Hermes.Grains.Sessions;
using Hermes.Silo.Dashboard;
using Hermes.Silo.Lifetime;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Hermes.Silo.Hosting;

/// <summary>
/// Everything Orleans in the silo, in one place: clustering and grain storage (the hosting profile), trace propagation,
/// the turn drain at shutdown, the dashboard and Kubernetes hosting.
/// </summary>
public static class OrleansSilo
{
    /// <summary>Local profile: the silo endpoint of another silo on this machine to join; none makes this silo the primary.</summary>
    public const string PrimarySiloEndpointKey = "Hermes:Silo:PrimarySiloEndpoint";

    /// <summary>Turns on Orleans' Kubernetes hosting (pod name, namespace and labels from the downward API).</summary>
    public const string KubernetesHostingKey = "Hermes:Silo:KubernetesHosting";

    public static void Configure(ISiloBuilder silo, IConfiguration configuration)
    {
        // Local profile: development clustering on loopback and in-memory storage. Orleans' own Endpoints keys move the
        // ports, so that several silos (or tests) can share a machine.
        var endpoints = configuration.GetSection("Orleans:Endpoints");
        silo.UseLocalhostClustering(
                endpoints.GetValue("SiloPort", EndpointOptions.DEFAULT_SILO_PORT),
                endpoints.GetValue("GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT),
                configuration[PrimarySiloEndpointKey] is { Length: > 0 } primary ? IPEndPoint.Parse(primary) : null)
            .AddMemoryGrainStorage(SessionStorage.ProviderName);

        // Trace context flows from the front-end through the grain call to the model and tool calls.
        silo.AddActivityPropagation();
        silo.AddIncomingGrainCallFilter<TurnDrainFilter>();

        if (configuration.GetSection(HermesDashboardOptions.SectionName).Get<HermesDashboardOptions>() is not { Enabled: false })
        {
            silo.AddDashboard();
        }

        if (configuration.GetValue<bool>(KubernetesHostingKey))
        {
            silo.UseKubernetesHosting();
        }
    }
}
