namespace Hermes.ServiceDefaults.Clustering;

/// <summary>Where silos find each other and keep sessions; read by silos and front-ends alike. Section <c>Hermes:Cluster</c>.</summary>
/// <remarks>A class, not a record: the Redis connection string may hold a password and must not be printed.</remarks>
public sealed class HermesClusterOptions
{
    public const string SectionName = "Hermes:Cluster";

    public ClusterMode Mode { get; set; } = ClusterMode.Local;

    /// <summary>StackExchange.Redis connection string, for <see cref="ClusterMode.Redis"/>. May hold a password: set it from the environment.</summary>
    public string? Redis { get; set; }

    /// <summary>Silos and clients with the same cluster id form one cluster.</summary>
    public string ClusterId { get; set; } = "hermes";

    /// <summary>Identifies the application's stored state; keep it stable across deployments.</summary>
    public string ServiceId { get; set; } = "hermes";

    /// <summary>Port silos talk to each other on.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port front-ends connect to (in <see cref="ClusterMode.Local"/>, the port they look for the silo on).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>In <see cref="ClusterMode.Local"/>, the silo endpoint (<c>127.0.0.1:11111</c>) of another silo on this machine to join.</summary>
    public string? PrimarySiloEndpoint { get; set; }

    /// <summary>The address other silos and front-ends reach this silo at; the machine's own address when empty.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Folder of the SQLite session store in <see cref="ClusterMode.Local"/>.</summary>
    public string DataFolder { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "hermes");

    /// <summary>The Redis connection string, or a clear error when Redis mode lacks one.</summary>
    public string RequireRedis() => string.IsNullOrWhiteSpace(Redis)
        ? throw new InvalidOperationException($"{SectionName}:Mode is Redis but {SectionName}:Redis (environment variable Hermes__Cluster__Redis) is not set.")
        : Redis;
}
