namespace Hermes.Tests.Infrastructure;

/// <summary>A scripted model server and a cluster pointed at it, stopped together.</summary>
public sealed record ScriptedCluster(ScriptedModelServer Models, HermesCluster Cluster) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Models.DisposeAsync();
    }
}
