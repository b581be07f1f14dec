using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Mcp;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Mcp;

public sealed class McpProcessLimitTests
{
    [Fact]
    public async Task Past_the_silos_process_limit_a_session_server_does_not_start_its_call_fails_as_a_tool_error_and_the_turn_goes_on()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.CallToolThenQuote("mcp__everything__echo", """{"message":"fine"}"""));
        var marker = Guid.NewGuid().ToString("N");
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "primary"),
            .. McpServers.Everything("everything", marker),
            new("Hermes:Mcp:MaxProcesses", "1"),
        ]);
        var first = cluster.Session(TestSessions.NewKey());
        var second = cluster.Session(TestSessions.NewKey());

        await first.SendAsync("hello");
        var refused = await second.SendAsync("hello too");

        Assert.Equal(TurnOutcome.Completed, refused.Outcome);
        Assert.StartsWith("The tool said: Error: the tool 'mcp__everything__echo' failed: MCP server 'everything' could not be started: the silo already runs 1 MCP server processes", refused.Reply);
        Assert.Single(ProcessCensus.ProcessesWithMarker(marker));
        Assert.Equal(McpServerState.Connected, (await first.GetSnapshotAsync()).McpServers.Single().State);
        var server = (await second.GetSnapshotAsync()).McpServers.Single();
        // The tools stay offered (the silo knows them); the limit is the silo's, not a failure of the server.
        Assert.Equal((McpServerState.Disconnected, 0), (server.State, server.ConnectFailures));
        Assert.Contains("Hermes:Mcp:MaxProcesses", server.Error);
    }
}
