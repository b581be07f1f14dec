using System.Net;
using Hermes.Contracts.Sessions;
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
    /// <summary>Turns on Orleans' Kubernetes hosting (pod name, namespace and labels from the downward API).</summary>
    public const string KubernetesHostingKey = "Hermes:Silo:KubernetesHosting";

    public static void Configure(ISiloBuilder silo, IConfiguration configuration)
    {
        // Where silos find each other and keep sessions: the profile of Hermes:Cluster (SQLite locally, Redis in a cluster).
        silo.UseHermesCluster(configuration);

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
