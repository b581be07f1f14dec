using System.Globalization;
using Hermes.Client;
using Microsoft.Extensions.Hosting;

namespace Hermes.Tests.Infrastructure;

/// <summary>The front-ends' Orleans client host (<see cref="ClusterClientHost"/>), pointed at test silos through Orleans' static gateway list.</summary>
public static class FrontEnd
{
    public static HostApplicationBuilder CreateBuilder(params TestSilo[] gateways)
    {
        // Local silos call their cluster "dev", as Orleans' localhost clustering does.
        List<KeyValuePair<string, string?>> settings =
        [
            new("Orleans:ClusterId", "dev"),
            new("Orleans:ServiceId", "dev"),
            new("Orleans:Clustering:ProviderType", "Static"),
        ];
        settings.AddRange(gateways.Select((silo, index) =>
            new KeyValuePair<string, string?>($"Orleans:Clustering:Gateways:{index}", $"127.0.0.1:{silo.GatewayPort.ToString(CultureInfo.InvariantCulture)}")));
        return ClusterClientHost.CreateBuilder(settings);
    }

    public static async Task<IHost> StartAsync(params TestSilo[] gateways)
    {
        var host = CreateBuilder(gateways).Build();
        await host.StartAsync();
        return host;
    }
}
