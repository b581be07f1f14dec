using Microsoft.Extensions.Configuration;

namespace Hermes.ServiceDefaults.Clustering;

/// <summary>
/// Hermes' defaults for the <c>Orleans</c> configuration section, which Orleans reads itself (cluster ids, clustering,
/// grain storage, endpoints, messaging). The defaults sit beneath every other configuration source, so whatever an
/// operator sets (appsettings, environment, command line) wins, key by key; Hermes never reads these keys itself.
/// </summary>
public static class OrleansDefaults
{
    /// <summary>The cluster and service id of silos and front-ends that set none (Orleans' own default is <c>default</c>).</summary>
    public const string ClusterIdentity = "hermes";

    /// <summary>The port a local silo's gateway listens on and a local front-end looks for it (Orleans' default).</summary>
    public const int LocalGatewayPort = 30000;

    public const string ClusteringProviderKey = "Orleans:Clustering:ProviderType";

    /// <summary>Whether the operator chose a clustering provider; without one, hosts take the local profile.</summary>
    public static bool ClusteringChosen(IConfiguration configuration) => !string.IsNullOrEmpty(configuration[ClusteringProviderKey]);

    /// <summary>The cluster identity both silos and front-ends default to.</summary>
    public static Dictionary<string, string?> Identity() => new()
    {
        ["Orleans:ClusterId"] = ClusterIdentity,
        ["Orleans:ServiceId"] = ClusterIdentity,
    };
}
