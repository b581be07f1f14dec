using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Hosting;
using Hermes.Grains.Mcp;
using Hermes.Grains.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Hermes.Tests.Infrastructure;

/// <summary>A real Orleans cluster (in-process silos, real grain calls) configured for Hermes with the given settings.</summary>
public sealed class HermesCluster : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;

    private HermesCluster(InProcessTestCluster cluster) => _cluster = cluster;

    public IClusterClient Client => _cluster.Client;

    public InProcessTestCluster Cluster => _cluster;

    /// <summary>The first silo's services.</summary>
    public IServiceProvider SiloServices => _cluster.GetSiloServiceProvider();

    /// <summary>The first silo's MCP pool; a reference taken before the silo stops stays readable after.</summary>
    public IMcpConnectionPool McpPool => SiloServices.GetRequiredService<IMcpConnectionPool>();

    /// <param name="settings">Configuration of every silo; later entries override earlier ones.</param>
    /// <param name="silos">Silos to start.</param>
    /// <param name="storage">The session storage of every silo; in-memory when null.</param>
    /// <param name="cluster">Further cluster set-up: membership, ids, client options.</param>
    public static async Task<HermesCluster> StartAsync(
        IEnumerable<KeyValuePair<string, string?>> settings,
        short silos = 1,
        Action<ISiloBuilder>? storage = null,
        Action<InProcessTestClusterBuilder>? cluster = null)
    {
        // Later settings override earlier ones, so a test can adjust the common model settings.
        var configuration = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(configuration);
            host.Services.AddHermesSessions(host.Configuration);
        });
        builder.ConfigureSilo((_, silo) => (storage ?? (memory => memory.AddMemoryGrainStorage(SessionStorage.ProviderName)))(silo));
        cluster?.Invoke(builder);
        var testCluster = builder.Build();
        await testCluster.DeployAsync();
        return new HermesCluster(testCluster);
    }

    /// <summary>Settings that point Hermes at the scripted model server with a primary and fallbacks, and quick retries.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> ModelSettings(ScriptedModelServer server, string primary, params string[] fallbacks)
    {
        yield return new("Hermes:Model:BaseUrl", server.BaseUrl.ToString());
        yield return new("Hermes:Model:ApiKey", "test-key");
        yield return new("Hermes:Model:Primary", primary);
        yield return new("Hermes:Model:RetryBaseDelay", "00:00:00.010");
        yield return new("Hermes:Model:MaxRetries", "1");
        for (var i = 0; i < fallbacks.Length; i++)
        {
            yield return new($"Hermes:Model:Fallbacks:{i}", fallbacks[i]);
        }
    }

    public ISessionGrain Session(SessionKey key) => Client.GetSessionGrain(key);

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }
}
