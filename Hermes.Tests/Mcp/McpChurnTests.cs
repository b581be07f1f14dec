using System.Diagnostics.Metrics;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Mcp;
using Hermes.Grains.Sessions;
using Hermes.Grains.Telemetry;
using Hermes.ServiceDefaults.Telemetry;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Xunit.Abstractions;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Mcp;

/// <summary>Many sessions opening and releasing their own servers leave nothing behind.</summary>
[Collection(ProcessCensusCollection.Name)]
public sealed class McpChurnTests(ITestOutputHelper output)
{
    private const int Sessions = 200;
    private const int AtOnce = 4;

    [Fact]
    public async Task Two_hundred_sessions_that_open_and_release_a_session_server_leave_no_process_behind()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.Reply("ok"));
        var marker = Guid.NewGuid().ToString("N");
        var memoryFile = Path.Combine(Path.GetTempPath(), $"hermes-memory-{marker}.jsonl");
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "primary"),
            .. McpServers.Memory("memory", marker, memoryFile),
            new("Hermes:Mcp:Servers:memory:start", "with-session"),
        ]);
        using var opened = new MetricCollector<long>(cluster.SiloServices.GetRequiredService<IMeterFactory>(), HermesTelemetry.Name, "hermes.mcp.connections.opened");
        var pool = cluster.McpPool;
        var childrenBefore = ProcessCensus.RunningChildrenOf(Environment.ProcessId);
        var keys = Enumerable.Range(0, Sessions).Select(_ => TestSessions.NewKey()).ToArray();
        var sessionCounts = 0;
        var peak = 0;

        // A few sessions at a time, each with its own server process, released by grain deactivation.
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = AtOnce }, async (key, _) =>
        {
            var session = cluster.Session(key);
            Assert.Equal(TurnOutcome.Completed, (await session.SendAsync("hello")).Outcome);
            var snapshot = await session.GetSnapshotAsync();
            var server = Assert.Single(snapshot.McpServers);
            Assert.Equal((McpServerState.Connected, McpServerScope.Session), (server.State, server.Scope));
            Interlocked.Add(ref sessionCounts, snapshot.Counters.McpConnectionsOpened);
            InterlockedMax(ref peak, pool.RunningProcesses);
            await cluster.Cluster.DeactivateAsync(session);
        });

        var childrenAfter = ProcessCensus.RunningChildrenOf(Environment.ProcessId);
        output.WriteLine($"{Sessions} sessions, {AtOnce} at a time: running children of the test process before {childrenBefore.Count}, after {childrenAfter.Count}; " +
            $"pool processes at peak {peak}, after {pool.RunningProcesses}; marked processes after {ProcessCensus.ProcessesWithMarker(marker).Count}");
        Assert.Equal(childrenBefore.Order(), childrenAfter.Order());
        Assert.Empty(ProcessCensus.ProcessesWithMarker(marker));
        Assert.Equal((0, 0), (pool.RunningProcesses, pool.LiveConnections));
        Assert.InRange(peak, 1, AtOnce);
        Assert.Equal(Sessions, sessionCounts);
        Assert.Equal(Sessions, opened.GetMeasurementSnapshot().EvaluateAsCounter());
        File.Delete(memoryFile);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
