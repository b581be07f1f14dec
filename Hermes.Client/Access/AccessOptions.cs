namespace Hermes.Client.Access;

/// <summary>Who may talk to the agent, as the ancestor decides it. Section <c>Hermes:Access</c>.</summary>
public sealed class AccessOptions
{
    public const string SectionName = "Hermes:Access";

    /// <summary>Everyone on every platform may talk to the agent. Meant for closed deployments only.</summary>
    public bool AllowAll { get; set; }

    /// <summary>User ids allowed on every platform.</summary>
    public List<string> AllowedUsers { get; set; } = [];

    /// <summary>
    /// Per-platform lists and switches. The console (run by whoever can reach the cluster) and the HTTP API (guarded by
    /// its own bearer tokens) allow all by default.
    /// </summary>
    public Dictionary<string, PlatformAccessOptions> Platforms { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["console"] = new() { AllowAll = true },
        ["api"] = new() { AllowAll = true },
    };

    /// <summary>An unknown user in a direct chat gets a one-time code for the operator to approve.</summary>
    public bool DmPairing { get; set; } = true;

    /// <summary>What an unauthorised message gets back.</summary>
    public UnauthorizedAction Unauthorized { get; set; } = UnauthorizedAction.Refuse;
}
