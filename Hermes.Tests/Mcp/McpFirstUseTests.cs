using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Mcp;

/// <summary>A session's server starts when one of its tools is first called; its tools are known to the silo before that.</summary>
public sealed class McpFirstUseTests
{
    private const string Echo = "mcp__everything__echo";

    [Fact]
    public async Task Sessions_that_never_call_a_tool_start_no_process_while_their_model_sees_the_tools_the_silo_listed_once()
    {
        const int Sessions = 5;
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.Reply("no tool needed"));
        var marker = Guid.NewGuid().ToString("N");
        var spawnLog = Path.Combine(Path.GetTempPath(), $"hermes-spawns-{marker}.log");
        await using var cluster = await StartAsync([.. ModelSettings(models, "primary"), .. McpServers.EverythingCountingStarts("everything", marker, spawnLog)]);
        var sessions = Enumerable.Range(0, Sessions).Select(_ => cluster.Session(TestSessions.NewKey())).ToArray();

        foreach (var session in sessions)
        {
            Assert.Equal("no tool needed", (await session.SendAsync("hello")).Reply);
            Assert.Empty(ProcessCensus.ProcessesWithMarker(marker));
        }

        await sessions[0].SendAsync("hello again");

        // One short-lived start for the whole silo, to list the tools.
        Assert.Single(File.ReadAllLines(spawnLog));
        File.Delete(spawnLog);
        Assert.All(models.Requests, request => Assert.Contains(Echo, request.ToolNames));
        foreach (var session in sessions)
        {
            var snapshot = await session.GetSnapshotAsync();
            var server = Assert.Single(snapshot.McpServers);
            Assert.Equal((McpServerState.Idle, null, 0, null), (server.State, server.ProcessId, server.ConnectionsOpened, server.Error));
            Assert.True(server.ToolCount > 0);
            Assert.Equal(0, snapshot.Counters.McpConnectionsOpened);
        }

        Assert.Equal((0, 0), (cluster.McpPool.LiveConnections, cluster.McpPool.RunningProcesses));
    }

    [Fact]
    public async Task The_first_tool_call_starts_the_sessions_own_server_and_later_calls_reuse_it()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("tool-user", request => request.LastToolResult is { } toolResult
            ? new ScriptedAnswer.Text($"The tool said: {toolResult}")
            : new ScriptedAnswer.ToolCall(Echo, $$"""{"message":"{{request.LastUserText}}"}"""));
        var marker = Guid.NewGuid().ToString("N");
        var spawnLog = Path.Combine(Path.GetTempPath(), $"hermes-spawns-{marker}.log");
        await using var cluster = await StartAsync([.. ModelSettings(models, "tool-user"), .. McpServers.EverythingCountingStarts("everything", marker, spawnLog)]);
        var alice = cluster.Session(TestSessions.NewKey());
        var bob = cluster.Session(TestSessions.NewKey());

        Assert.Equal("The tool said: Echo: one", (await alice.SendAsync("one")).Reply);
        var aliceServer = Assert.Single(ProcessCensus.ProcessesWithMarker(marker));
        Assert.Equal("The tool said: Echo: two", (await alice.SendAsync("two")).Reply);
        Assert.Equal([aliceServer], ProcessCensus.ProcessesWithMarker(marker));
        Assert.Equal("The tool said: Echo: three", (await bob.SendAsync("three")).Reply);

        // The silo's listing, then one start per session that called a tool.
        Assert.Equal(3, File.ReadAllLines(spawnLog).Length);
        File.Delete(spawnLog);
        Assert.Equal(2, ProcessCensus.ProcessesWithMarker(marker).Count);
        var snapshot = await alice.GetSnapshotAsync();
        var server = Assert.Single(snapshot.McpServers);
        Assert.Equal((McpServerState.Connected, aliceServer, 1), (server.State, server.ProcessId, server.ConnectionsOpened));
        Assert.Equal((1, 1), (snapshot.Counters.McpConnectionsOpened, snapshot.Counters.AgentsBuilt));
    }

    [Fact]
    public async Task A_server_configured_to_start_with_the_session_runs_from_its_first_turn_and_nothing_else_lists_it()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.Reply("ok"));
        var marker = Guid.NewGuid().ToString("N");
        var spawnLog = Path.Combine(Path.GetTempPath(), $"hermes-spawns-{marker}.log");
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "primary"),
            .. McpServers.EverythingCountingStarts("everything", marker, spawnLog),
            new("Hermes:Mcp:Servers:everything:start", "with-session"),
        ]);
        var session = cluster.Session(TestSessions.NewKey());

        await session.SendAsync("hello");

        var process = Assert.Single(ProcessCensus.ProcessesWithMarker(marker));
        Assert.Single(File.ReadAllLines(spawnLog));
        File.Delete(spawnLog);
        var server = Assert.Single((await session.GetSnapshotAsync()).McpServers);
        Assert.Equal((McpServerState.Connected, process, 1), (server.State, server.ProcessId, server.ConnectionsOpened));
        Assert.Contains(Echo, models.Requests[0].ToolNames);
        Assert.Equal(TurnOutcome.Completed, (await session.SendAsync("again")).Outcome);
        Assert.Equal([process], ProcessCensus.ProcessesWithMarker(marker));
    }
}
