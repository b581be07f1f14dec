using System.ComponentModel.DataAnnotations;

namespace Hermes.Client.FrontDoor;

/// <summary>How a front-end talks to the cluster. Section <c>Hermes:Client</c>.</summary>
public sealed class HermesClientOptions
{
    public const string SectionName = "Hermes:Client";

    /// <summary>One session for a whole group instead of one per user in it.</summary>
    public bool SharedGroupSessions { get; set; }

    /// <summary>How long a call may wait for its answer; agent turns can take minutes.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Attempts after a transient cluster error (gateway lost, silo restarting) before the error reaches the user.</summary>
    [Range(0, 20)]
    public int Retries { get; set; } = 6;

    /// <summary>First delay between attempts; later ones double, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}
