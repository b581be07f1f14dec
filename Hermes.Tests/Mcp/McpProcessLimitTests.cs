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
    public async Task Past_the_silos_process_limit_a_session_server_is_left_out_and_the_turn_goes_on()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.Reply("fine"));
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
        Assert.Single(ProcessCensus.ProcessesWithMarker(marker));
        Assert.Equal(McpServerState.Connected, (await first.GetSnapshotAsync()).McpServers.Single().State);
        var server = (await second.GetSnapshotAsync()).McpServers.Single();
        Assert.Equal(McpServerState.Failed, server.State);
        Assert.Contains("Hermes:Mcp:MaxProcesses", server.Error);
        Assert.Empty(models.Requests[^1].ToolNames);
    }
}
