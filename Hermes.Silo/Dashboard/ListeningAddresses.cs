using System.Net;

namespace Hermes.Silo.Dashboard;

/// <summary>
/// The addresses the web host will listen on, read from configuration the way Kestrel reads it (its own endpoints,
/// then <c>urls</c>, then <c>http_ports</c>/<c>https_ports</c>, then its default), so that exposure is judged before anything binds.
/// </summary>
public static class ListeningAddresses
{
    // Kestrel's address when nothing is configured.
    private const string KestrelDefault = "http://localhost:5000";

    public static IReadOnlyList<string> From(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => endpoint["Url"])
            .OfType<string>()
            .ToArray();
        if (endpoints.Length > 0)
        {
            return endpoints;
        }

        if (Split(configuration[WebHostDefaults.ServerUrlsKey]) is { Length: > 0 } urls)
        {
            return urls;
        }

        // An http_ports or https_ports setting binds every interface.
        var ports = Split(configuration[WebHostDefaults.HttpPortsKey]).Select(port => $"http://*:{port}")
            .Concat(Split(configuration[WebHostDefaults.HttpsPortsKey]).Select(port => $"https://*:{port}"))
            .ToArray();
        return ports.Length > 0 ? ports : [KestrelDefault];
    }

    /// <summary>Whether anything tells Kestrel where to listen (else it would take its own default).</summary>
    public static bool Configured(IConfiguration configuration) =>
        configuration.GetSection("Kestrel:Endpoints").Exists()
        || !string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey])
        || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey])
        || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey]);

    public static bool IsLoopback(string url)
    {
        var host = BindingAddress.Parse(url).Host;
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    private static string[] Split(string? value) =>
        value?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
