using System.Globalization;
using Hermes.Client;
using Microsoft.Extensions.Hosting;

namespace Hermes.Tests.Infrastructure;

/// <summary>A silo process on fixed loopback ports and a data folder of its own, which can be killed and started again there.</summary>
public sealed class CrashingSilo : IAsyncDisposable
{
    private readonly TempFolder _data = new();
    private readonly (int Silo, int Gateway) _ports = (LoopbackPort.Free(), LoopbackPort.Free());
    private readonly Dictionary<string, string?> _settings;
    private SiloProcess _running;

    /// <param name="settings">The silo's configuration; its data folder and ports are added.</param>
    public CrashingSilo(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        _settings = new(settings)
        {
            ["Hermes:Local:DataFolder"] = _data.Path,
            ["Orleans:Endpoints:SiloPort"] = _ports.Silo.ToString(CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = _ports.Gateway.ToString(CultureInfo.InvariantCulture),
        };
        _running = SiloProcess.Start(_settings);
    }

    /// <summary>Kills the silo as a crash would and starts another on the same ports and data.</summary>
    public async Task CrashAndRestartAsync()
    {
        await _running.KillAsync();
        await _running.DisposeAsync();
        _running = SiloProcess.Start(_settings);
    }

    /// <summary>Starts a front-end's client, patient enough to ride out a restart, once the silo listens.</summary>
    public async Task<IHost> ConnectFrontEndAsync()
    {
        var builder = ClusterClientHost.CreateBuilder(new Dictionary<string, string?>
        {
            ["Orleans:Clustering:ProviderType"] = "Static",
            ["Orleans:Clustering:Gateways:0"] = $"127.0.0.1:{_ports.Gateway.ToString(CultureInfo.InvariantCulture)}",
            ["Hermes:Access:AllowAll"] = "true",
            ["Orleans:Messaging:ResponseTimeout"] = "00:00:10",
            ["Hermes:Client:Retries"] = "10",
        });
        SiloStartRetry.Configure(builder);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _running.DisposeAsync();
        _data.Dispose();
    }
}
