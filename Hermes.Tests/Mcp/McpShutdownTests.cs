using System.Diagnostics;
using Hermes.Contracts.Mcp;
using Hermes.Grains.Mcp;
using Hermes.Tests.Infrastructure;
using Xunit.Abstractions;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Mcp;

/// <summary>Whole process trees go when their session releases them, and nothing the pool started survives the silo.</summary>
[Collection(ProcessCensusCollection.Name)]
public sealed class McpShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Releasing_a_session_kills_its_servers_whole_tree_even_a_grandchild_orphaned_under_pid_1()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("tool-user", Scripts.CallToolThenQuote("mcp__wrapped__echo", """{"message":"through a shell"}"""));
        var marker = Guid.NewGuid().ToString("N");
        await using var cluster = await StartAsync([.. ModelSettings(models, "tool-user"), .. McpServers.EverythingWithOrphan("wrapped", marker)]);
        var session = cluster.Session(TestSessions.NewKey());

        Assert.Equal("The tool said: Echo: through a shell", (await session.SendAsync("hello")).Reply);
        var tree = ProcessCensus.ProcessesWithMarker(marker);
        Assert.Equal(2, tree.Count);
        Assert.Contains(tree, pid => !ProcessCensus.RunningChildrenOf(Environment.ProcessId).Contains(pid));

        await cluster.Cluster.DeactivateAsync(session);

        Assert.Empty(ProcessCensus.ProcessesWithMarker(marker));
        Assert.Equal(0, cluster.McpPool.RunningProcesses);
    }

    [Fact]
    public async Task Stopping_the_silo_leaves_no_process_the_pool_started()
    {
        var childrenBefore = ProcessCensus.RunningChildrenOf(Environment.ProcessId);
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.Reply("ok"));
        var marker = Guid.NewGuid().ToString("N");
        var memoryFile = Path.Combine(Path.GetTempPath(), $"hermes-memory-{marker}.jsonl");
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "primary"),
            .. McpServers.Everything("own", marker),
            .. McpServers.EverythingWithOrphan("wrapped", marker),
            .. McpServers.Memory("shared", marker, memoryFile),
            new("Hermes:Mcp:Servers:shared:scope", "shared"),
            new("Hermes:Mcp:Servers:own:start", "with-session"),
            new("Hermes:Mcp:Servers:wrapped:start", "with-session"),
        ]);
        var pool = cluster.McpPool;
        for (var i = 0; i < 3; i++)
        {
            await cluster.Session(TestSessions.NewKey()).SendAsync("hello");
        }

        // Per session: its own server, and a shell-started server with its orphaned sleep; one shared server for all.
        var running = ProcessCensus.ProcessesWithMarker(marker);
        Assert.Equal((10, 10), (running.Count, pool.RunningProcesses));

        await cluster.Cluster.StopAllSilosAsync();

        var childrenAfter = ProcessCensus.RunningChildrenOf(Environment.ProcessId);
        output.WriteLine($"before the stop: {running.Count} marked processes; after: {ProcessCensus.ProcessesWithMarker(marker).Count}, " +
            $"running children of the test process {childrenBefore.Count} before the silo started, {childrenAfter.Count} after it stopped");
        Assert.Empty(ProcessCensus.ProcessesWithMarker(marker));
        Assert.Equal(childrenBefore.Order(), childrenAfter.Order());
        Assert.Equal((0, 0), (pool.RunningProcesses, pool.LiveConnections));
        File.Delete(memoryFile);
    }

    [Fact]
    public async Task A_starting_silo_kills_servers_left_behind_by_a_host_that_no_longer_runs()
    {
        // A server marked by a host with this process's id but another start time: that host died and its id was reused.
        var selfStart = ProcessTable.StartTime(Environment.ProcessId)!.Value;
        var leftBehind = new ProcessStartInfo("sleep", "600");
        leftBehind.Environment[McpProcessTracker.MarkerVariable] = $"{Environment.ProcessId}.{selfStart + 1}.0123456789abcdef.1";
        using var orphan = Process.Start(leftBehind)!;
        Assert.True(ProcessTable.IsRunning(orphan.Id));

        await using var models = await ScriptedModelServer.StartAsync();
        await using var cluster = await StartAsync(ModelSettings(models, "primary"));

        await Poll.UntilAsync(() => !ProcessTable.IsRunning(orphan.Id), "the left-behind server to be killed");
        Assert.True(orphan.HasExited);
    }
}
