using Hermes.Contracts.Mcp;
using Hermes.Grains.Mcp;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Mcp;

/// <summary>A shared server: one connection and one process per silo, used by every session at once.</summary>
public sealed class McpSharedScopeTests
{
    [Fact]
    public async Task Fifty_sessions_calling_a_shared_server_at_once_use_exactly_one_process_and_all_get_their_answers()
    {
        const int Sessions = 50;
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("tool-user", request => request.LastToolResult is { } toolResult
            ? new ScriptedAnswer.Text($"The tool said: {toolResult}")
            : new ScriptedAnswer.ToolCall("mcp__everything__echo", $$"""{"message":"{{request.LastUserText}}"}"""));
        var marker = Guid.NewGuid().ToString("N");
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "tool-user"),
            .. McpServers.Everything("everything", marker),
            new("Hermes:Mcp:Servers:everything:scope", "shared"),
        ]);
        var sessions = Enumerable.Range(0, Sessions).Select(_ => cluster.Session(TestSessions.NewKey())).ToArray();

        var results = await Task.WhenAll(sessions.Select((session, i) => session.SendAsync($"caller {i}")));

        Assert.Equal(Enumerable.Range(0, Sessions).Select(i => $"The tool said: Echo: caller {i}"), results.Select(result => result.Reply));
        var process = Assert.Single(ProcessCensus.ProcessesWithMarker(marker));
        foreach (var session in sessions)
        {
            var snapshot = await session.GetSnapshotAsync();
            var server = Assert.Single(snapshot.McpServers);
            Assert.Equal((McpServerState.Connected, McpServerScope.Shared, process, 1), (server.State, server.Scope, server.ProcessId, server.ConnectionsOpened));
            Assert.Equal(0, snapshot.Counters.McpConnectionsOpened);
        }

        Assert.Equal((1, 1), (cluster.McpPool.LiveConnections, cluster.McpPool.RunningProcesses));
    }

    [Fact]
    public async Task A_shared_server_is_closed_once_no_session_has_held_it_for_the_idle_timeout()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.Reply("ok"));
        var marker = Guid.NewGuid().ToString("N");
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "primary"),
            .. McpServers.Everything("everything", marker),
            new("Hermes:Mcp:Servers:everything:scope", "shared"),
            new("Hermes:Mcp:SharedIdleTimeout", "00:00:00.200"),
        ]);
        var first = cluster.Session(TestSessions.NewKey());
        var second = cluster.Session(TestSessions.NewKey());
        await first.SendAsync("hello");
        await second.SendAsync("hello");
        var process = Assert.Single(ProcessCensus.ProcessesWithMarker(marker));

        await cluster.Cluster.DeactivateAsync(first);
        Assert.Equal([process], ProcessCensus.ProcessesWithMarker(marker));
        await cluster.Cluster.DeactivateAsync(second);
        await Poll.UntilAsync(() => ProcessCensus.ProcessesWithMarker(marker).Count == 0, "the idle shared server to close");

        Assert.Equal((0, 0), (cluster.McpPool.LiveConnections, cluster.McpPool.RunningProcesses));
        var third = cluster.Session(TestSessions.NewKey());
        await third.SendAsync("hello");
        var reopened = Assert.Single((await third.GetSnapshotAsync()).McpServers);
        Assert.Equal(McpServerState.Connected, reopened.State);
        Assert.NotEqual(process, reopened.ProcessId);
    }
}
