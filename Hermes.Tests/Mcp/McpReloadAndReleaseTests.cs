using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Mcp;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Mcp;

/// <summary>The session operations that release MCP handles, and the agent rebuild that must not.</summary>
public sealed class McpReloadAndReleaseTests
{
    [Fact]
    public async Task Reloading_restarts_the_session_servers_and_refreshes_the_tool_list_without_rebuilding_the_agent()
    {
        await using var remote = await McpHttpTestServer.StartAsync("key");
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("tool-user", Scripts.CallToolThenQuote("mcp__everything__echo", """{"message":"hi"}"""));
        var marker = Guid.NewGuid().ToString("N");
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "tool-user"),
            .. McpServers.Everything("everything", marker),
            new("Hermes:Mcp:Servers:remote:url", remote.Endpoint.ToString()),
            new($"Hermes:Mcp:Servers:remote:headers:{McpHttpTestServer.ApiKeyHeader}", "key"),
        ]);
        var session = cluster.Session(TestSessions.NewKey());
        await session.SendAsync("before");
        var before = Assert.Single(ProcessCensus.ProcessesWithMarker(marker));
        remote.AddTool("added", "new tool");

        var servers = await session.ReloadMcpAsync();
        var result = await session.SendAsync("after");

        Assert.All(servers, server => Assert.Equal(McpServerState.Connected, server.State));
        var after = Assert.Single(ProcessCensus.ProcessesWithMarker(marker));
        Assert.NotEqual(before, after);
        Assert.Equal(after, servers.Single(server => server.Name == "everything").ProcessId);
        Assert.Equal("The tool said: Echo: hi", result.Reply);
        Assert.Null(result.AgentBuildTime);
        Assert.DoesNotContain("mcp__remote__added", models.Requests[0].ToolNames);
        Assert.Contains("mcp__remote__added", models.Requests[^1].ToolNames);
        var snapshot = await session.GetSnapshotAsync();
        // The server called before the reload started then, and both started again with the reload (the unused one had not run before).
        Assert.Equal((1, 0, 3), (snapshot.Counters.AgentsBuilt, snapshot.Counters.TotalAgentsDropped, snapshot.Counters.McpConnectionsOpened));
        Assert.True(snapshot.AgentCached);
    }

    [Fact]
    public async Task Releasing_drops_the_agent_under_its_own_reason_and_closes_the_session_servers_until_the_next_turn()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.CallToolThenQuote("mcp__everything__echo", """{"message":"ok"}"""));
        var marker = Guid.NewGuid().ToString("N");
        await using var cluster = await StartAsync([.. ModelSettings(models, "primary"), .. McpServers.Everything("everything", marker)]);
        var session = cluster.Session(TestSessions.NewKey());
        await session.SendAsync("first");
        Assert.Single(ProcessCensus.ProcessesWithMarker(marker));

        await session.ReleaseAsync();

        var released = await session.GetSnapshotAsync();
        Assert.Empty(ProcessCensus.ProcessesWithMarker(marker));
        Assert.Empty(released.McpServers);
        Assert.False(released.AgentCached);
        Assert.Equal(1, released.Counters.Dropped(AgentDropReason.Released));
        var next = await session.SendAsync("second");
        Assert.NotNull(next.AgentBuildTime);
        Assert.Single(ProcessCensus.ProcessesWithMarker(marker));
        // A server started by a tool call is counted when the grain next takes stock of its handles (here: the release).
        await session.ReleaseAsync();
        var counters = (await session.GetSnapshotAsync()).Counters;
        Assert.Equal((2, 2), (counters.AgentsBuilt, counters.McpConnectionsOpened));
    }

    [Fact]
    public async Task The_reload_command_restarts_the_session_server_from_a_chat_without_rebuilding_the_agent()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.CallToolThenQuote("mcp__everything__echo", """{"message":"ok"}"""));
        var marker = Guid.NewGuid().ToString("N");
        await using var cluster = await StartAsync([.. ModelSettings(models, "primary"), .. McpServers.Everything("everything", marker)]);
        var session = cluster.Session(TestSessions.NewKey());
        await session.SendAsync("first");
        var before = Assert.Single(ProcessCensus.ProcessesWithMarker(marker));

        var reload = await session.SendAsync("/reload-mcp");

        Assert.Equal("/reload-mcp", reload.Command);
        Assert.StartsWith("Reloaded the MCP servers: everything connected", reload.Reply);
        Assert.NotEqual(before, Assert.Single(ProcessCensus.ProcessesWithMarker(marker)));
        Assert.Null((await session.SendAsync("second")).AgentBuildTime);
        Assert.Equal(1, (await session.GetSnapshotAsync()).Counters.AgentsBuilt);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 0)]
    public async Task A_new_session_keeps_the_mcp_connection_unless_configured_to_release_it(bool releaseOnNew, int processesAfterNew)
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.CallToolThenQuote("mcp__everything__echo", """{"message":"ok"}"""));
        var marker = Guid.NewGuid().ToString("N");
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "primary"),
            .. McpServers.Everything("everything", marker),
            new("Hermes:Sessions:ReleaseMcpOnNew", releaseOnNew.ToString()),
        ]);
        var session = cluster.Session(TestSessions.NewKey());
        await session.SendAsync("first");

        await session.SendAsync("/new");

        Assert.Equal(processesAfterNew, ProcessCensus.ProcessesWithMarker(marker).Count);
        await session.SendAsync("second");
        await session.ReleaseAsync();
        Assert.Equal(releaseOnNew ? 2 : 1, (await session.GetSnapshotAsync()).Counters.McpConnectionsOpened);
    }
}
