namespace Hermes.Silo.Dashboard;

/// <summary>The rule: a dashboard reachable beyond loopback must ask for credentials, unless the operator says a proxy does.</summary>
public static class DashboardAccessPolicy
{
    /// <exception cref="InvalidOperationException">The dashboard would be exposed without authentication, or half its credentials are set.</exception>
    public static DashboardAccess Decide(HermesDashboardOptions options, IReadOnlyList<string> listeningUrls)
    {
        if (!options.Enabled)
        {
            return DashboardAccess.Disabled;
        }

        if (string.IsNullOrEmpty(options.Username) != string.IsNullOrEmpty(options.Password))
        {
            throw new InvalidOperationException(
                "The Orleans dashboard needs both Hermes:Dashboard:Username and Hermes:Dashboard:Password (Hermes__Dashboard__Password), or neither.");
        }

        if (options.HasCredentials)
        {
            return DashboardAccess.Authenticated;
        }

        var exposed = listeningUrls.Where(url => !ListeningAddresses.IsLoopback(url)).ToArray();
        if (exposed.Length == 0 || options.AllowAnonymous)
        {
            return DashboardAccess.Anonymous;
        }

        throw new InvalidOperationException(
            $"The Orleans dashboard at {HermesDashboardOptions.Path} would be reachable without authentication on {string.Join(", ", exposed)}. " +
            "Set Hermes:Dashboard:Username and Hermes:Dashboard:Password (for example Hermes__Dashboard__Password from a secret), " +
            "or listen on loopback only, or set Hermes:Dashboard:Enabled=false, " +
            "or set Hermes:Dashboard:AllowAnonymous=true when a proxy in front of the silo authenticates.");
    }
}
