namespace Hermes.Tests.Infrastructure;

/// <summary>
/// One cluster shared by a test class: primary <c>echo</c> answers "re: {message}", fallback <c>backup</c>, and
/// <c>other</c> answers "other: {message}" for sessions that choose it. Each test uses its own session.
/// </summary>
public sealed class EchoClusterFixture : IAsyncLifetime
{
    public ScriptedModelServer Models { get; private set; } = null!;

    public HermesCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Models = await ScriptedModelServer.StartAsync();
        Models.Script("echo", Scripts.EchoUser("re: ")).Script("other", Scripts.EchoUser("other: ")).Script("backup", Scripts.EchoUser("backup: "));
        Cluster = await HermesCluster.StartAsync(HermesCluster.ModelSettings(Models, "echo", "backup"));
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Models.DisposeAsync();
    }
}
