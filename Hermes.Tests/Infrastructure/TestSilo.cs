using System.Net;
using Hermes.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Hermes.Tests.Infrastructure;

/// <summary>
/// The real silo web host (<see cref="HermesSiloHost"/>) in this process, on loopback ports of its own, configured by
/// command-line arguments as an operator would configure it.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private Task? _started;
    private Task? _stopped;

    private readonly TempFolder? _dataFolder;

    private TestSilo(WebApplication app, int httpPort, int siloPort, int gatewayPort, string dataFolder, TempFolder? ownedFolder)
    {
        App = app;
        DataFolder = dataFolder;
        _dataFolder = ownedFolder;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
    }

    public WebApplication App { get; }

    /// <summary>Talks to the silo's web host (health, dashboard).</summary>
    public HttpClient Http { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary>The folder of the local profile's SQLite file, shared by the silos of one test cluster.</summary>
    public string DataFolder { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>Builds a silo without starting it.</summary>
    /// <param name="settings">Configuration, as <c>--key=value</c> arguments.</param>
    /// <param name="primary">A silo to join; none makes this one the primary of a new local cluster.</param>
    /// <param name="configure">Changes to the host builder, such as an extra exporter.</param>
    public static TestSilo Create(IEnumerable<KeyValuePair<string, string?>> settings, TestSilo? primary = null, Action<WebApplicationBuilder>? configure = null)
    {
        var (httpPort, siloPort, gatewayPort) = (LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free());
        var ownedFolder = primary is null ? new TempFolder() : null;
        var dataFolder = primary?.DataFolder ?? ownedFolder!.Path;
        IEnumerable<KeyValuePair<string, string?>> arguments =
        [
            new("urls", $"http://127.0.0.1:{httpPort}"),
            new("Orleans:Endpoints:SiloPort", siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Orleans:Endpoints:GatewayPort", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Hermes:Local:DataFolder", dataFolder),
            new("Logging:LogLevel:Default", "Warning"),
            .. primary is null ? [] : new KeyValuePair<string, string?>[] { new("Orleans:Clustering:PrimarySiloEndPoint", $"127.0.0.1:{primary.SiloPort}") },
            .. settings,
        ];
        var builder = HermesSiloHost.CreateBuilder([.. arguments.Select(setting => $"--{setting.Key}={setting.Value}")]);
        configure?.Invoke(builder);
        return new TestSilo(HermesSiloHost.Build(builder), httpPort, siloPort, gatewayPort, dataFolder, ownedFolder);
    }

    public static async Task<TestSilo> StartAsync(IEnumerable<KeyValuePair<string, string?>> settings, TestSilo? primary = null, Action<WebApplicationBuilder>? configure = null)
    {
        var silo = Create(settings, primary, configure);
        await silo.StartAsync();
        return silo;
    }

    /// <summary>Starts the host; completes once the silo is active in its cluster.</summary>
    public Task StartAsync() => _started ??= App.StartAsync();

    /// <summary>Stops the host as SIGTERM would; completes once the silo has left its cluster.</summary>
    public Task StopAsync() => _stopped ??= App.StopAsync();

    /// <summary>The silo's address as Orleans knows it, for comparing with where a grain is active.</summary>
    public SiloAddress Address => Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    public async Task<HttpStatusCode> StatusOfAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (_started is { IsCompletedSuccessfully: true })
        {
            await StopAsync();
        }

        await App.DisposeAsync();
        Http.Dispose();

        // SQLite keeps its pooled connections open; clear them before the folder goes.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dataFolder?.Dispose();
    }
}
