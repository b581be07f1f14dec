using System.ComponentModel.DataAnnotations;

namespace Hermes.Client.FrontDoor;

/// <summary>How a front-end talks to the cluster. Section <c>Hermes:Client</c>.</summary>
public sealed class HermesClientOptions
{
    public const string SectionName = "Hermes:Client";

    /// <summary>One session for a whole group instead of one per user in it.</summary>
    public bool SharedGroupSessions { get; set; }

    /// <summary>
    /// How long a front-end tries to reach the cluster when it starts (a silo may be starting too) before it says the
    /// cluster is unreachable and exits. How long one call waits for its answer is Orleans' own
    /// <c>Orleans:Messaging:ResponseTimeout</c>.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a message may take in all, re-asked calls included, before the user gets a timeout.</summary>
    public TimeSpan TurnTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Attempts after a transient cluster error (gateway lost, silo restarting) before the error reaches the user.</summary>
    [Range(0, 20)]
    public int Retries { get; set; } = 6;

    /// <summary>First delay between attempts; later ones double, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}
