namespace Hermes.Client.Access;

/// <summary>Who may talk to the agent on one platform.</summary>
public sealed class PlatformAccessOptions
{
    /// <summary>Everyone on this platform may talk to the agent.</summary>
    public bool AllowAll { get; set; }

    /// <summary>The platform's user ids that may talk to the agent.</summary>
    public List<string> AllowedUsers { get; set; } = [];
}
