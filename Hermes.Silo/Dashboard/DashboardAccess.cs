namespace Hermes.Silo.Dashboard;

/// <summary>Whether the dashboard asks for credentials, decided once at startup from its options and the addresses the silo listens on.</summary>
public enum DashboardAccess
{
    /// <summary>The dashboard is not mapped.</summary>
    Disabled,

    /// <summary>Anyone who reaches the address may open it: loopback only, or a proxy in front authenticates.</summary>
    Anonymous,

    /// <summary>Every dashboard endpoint, <c>/GrainState</c> and <c>/Trace</c> included, requires the configured credentials.</summary>
    Authenticated,
}
