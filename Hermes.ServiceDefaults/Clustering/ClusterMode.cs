namespace Hermes.ServiceDefaults.Clustering;

public enum ClusterMode
{
    /// <summary>One silo on this machine: localhost clustering, sessions in a SQLite file. Needs no server.</summary>
    Local,

    /// <summary>Several silos: membership and sessions in Redis; front-ends find the silos through it too.</summary>
    Redis,
}
