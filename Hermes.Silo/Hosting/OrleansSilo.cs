using Hermes.Silo.Admission;
using Hermes.Silo.Dashboard;
using Hermes.Silo.Lifetime;
using Hermes.Silo.Schedules;
using Hermes.Silo.Storage;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Hermes.Silo.Hosting;

/// <summary>
/// Everything Orleans in the silo that the <c>Orleans</c> configuration section does not say: trace propagation, the
/// turn drain at shutdown, the SQLite schema, the dashboard and Kubernetes hosting. Clustering, grain storage, cluster
/// ids and endpoints come from that section, which Orleans reads itself (<see cref="SiloProfiles"/> gives its defaults).
/// </summary>
public static class OrleansSilo
{
    /// <summary>Turns on Orleans' Kubernetes hosting (pod name, namespace, IP and cluster ids from the downward API).</summary>
    public const string KubernetesHostingKey = "Hermes:Silo:KubernetesHosting";

    public static void Configure(ISiloBuilder silo, IConfiguration configuration)
    {
        silo.AddSqliteSchemaWhenConfigured(configuration);
        silo.AddScheduleReminders(configuration);

        // Failure detection (e.g. ProbeTimeout, NumMissedProbesLimit): Orleans binds no section for it itself.
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection("Orleans:Membership"));

        // Trace context flows from the front-end through the grain call to the model and tool calls.
        silo.AddActivityPropagation();
        silo.AddIncomingGrainCallFilter<TurnDrainFilter>();

        // Back-pressure: beyond a number of messages in flight, a message is refused as busy rather than left to time out.
        silo.Services.AddOptions<TurnLimitOptions>().Bind(configuration.GetSection(TurnLimitOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        silo.AddIncomingGrainCallFilter<TurnLimitFilter>();
        silo.AddOutgoingGrainCallFilter<SendAdmissionFilter>();

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
