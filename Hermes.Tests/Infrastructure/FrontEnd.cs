using System.Globalization;
using Hermes.Client;
using Microsoft.Extensions.Hosting;

namespace Hermes.Tests.Infrastructure;

/// <summary>
/// A front-end's Orleans client host (<see cref="ClusterClientHost"/>), pointed at test silos through Orleans' own
/// static gateway list.
/// </summary>
public sealed class FrontEnd : IAsyncDisposable
{
    private readonly IHost _host;

    private FrontEnd(IHost host) => _host = host;

    public IClusterClient Client => _host.Client();

    public static Task<FrontEnd> StartAsync(IReadOnlyList<TestSilo> gateways, Action<HostApplicationBuilder>? configure = null) =>
        StartAsync(gateways.Select(silo => silo.GatewayPort), configure);

    /// <summary>Starts a front-end that reaches the silos whose gateways listen on these loopback ports.</summary>
    public static async Task<FrontEnd> StartAsync(IEnumerable<int> gatewayPorts, Action<HostApplicationBuilder>? configure = null)
    {
        List<KeyValuePair<string, string?>> settings = [new("Orleans:Clustering:ProviderType", "Static")];
        settings.AddRange(gatewayPorts.Select((port, index) =>
            new KeyValuePair<string, string?>($"Orleans:Clustering:Gateways:{index}", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}")));
        var builder = ClusterClientHost.CreateBuilder(settings);
        configure?.Invoke(builder);
        var host = builder.Build();
        await host.StartAsync();
        return new FrontEnd(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
