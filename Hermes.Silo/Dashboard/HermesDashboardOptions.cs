namespace Hermes.Silo.Dashboard;

/// <summary>Who may open the Orleans dashboard. Section <c>Hermes:Dashboard</c>.</summary>
public sealed class HermesDashboardOptions
{
    public const string SectionName = "Hermes:Dashboard";

    /// <summary>Where the dashboard is mapped in the silo's web host.</summary>
    public const string Path = "/dashboard";

    /// <summary><c>false</c> leaves the dashboard out of the silo altogether.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>With <see cref="Password"/>: the credentials the dashboard asks for (HTTP Basic authentication).</summary>
    public string? Username { get; set; }

    /// <summary>A secret: give it through the environment or a secret store, never in appsettings.json.</summary>
    public string? Password { get; set; }

    /// <summary>Serves the dashboard without credentials on a non-loopback address, for when a proxy in front authenticates.</summary>
    public bool AllowAnonymous { get; set; }

    public bool HasCredentials => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password);
}
