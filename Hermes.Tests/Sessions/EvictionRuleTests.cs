using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using Xunit.Abstractions;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Sessions;

/// <summary>
/// The rule at the heart of Hermes, on a real cluster with a real MCP server configured: a failing model never rebuilds
/// the agent or starts MCP; a fallback success drops the agent but starts no MCP server either (it starts on a tool call).
/// </summary>
public sealed class EvictionRuleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_failing_model_chain_answers_every_message_with_the_error_and_never_rebuilds_the_agent()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("bad-primary", Scripts.InvalidModel("bad-primary")).Script("bad-fallback", Scripts.ServerError());
        var marker = Guid.NewGuid().ToString("N");
        await using var cluster = await StartAsync([.. ModelSettings(models, "bad-primary", "bad-fallback"), .. McpServers.Everything("everything", marker)]);
        var session = cluster.Session(TestSessions.NewKey());

        var serverProcesses = new HashSet<int>();
        var results = new List<TurnResult>();
        for (var i = 0; i < 20; i++)
        {
            var result = await session.SendAsync($"message {i}");
            results.Add(result);
            serverProcesses.UnionWith(ProcessCensus.ProcessesWithMarker(marker));
        }

        Assert.All(results, result =>
        {
            Assert.Equal(TurnOutcome.Failed, result.Outcome);
            Assert.Equal(ErrorKind.ModelUnavailable, result.Error?.Kind);
            Assert.Equal(400, result.Error?.HttpStatus);
            Assert.Contains("bad-primary is not a valid model ID", result.Reply);
            Assert.Contains("bad-fallback", result.Reply);
            Assert.Equal(AgentFate.Kept, result.Agent);
        });
        var snapshot = await session.GetSnapshotAsync();
        Assert.Equal(1, snapshot.Counters.AgentsBuilt);
        Assert.Equal(0, snapshot.Counters.TotalAgentsDropped);
        Assert.Equal(0, snapshot.Counters.McpConnectionsOpened);
        Assert.True(snapshot.AgentCached);
        Assert.Empty(serverProcesses);
        Assert.All(models.Requests, request => Assert.Contains("mcp__everything__echo", request.ToolNames));
        Assert.Equal(20, models.RequestsFor("bad-primary"));
        Assert.Equal(TurnOutcome.Failed, snapshot.LastTurn?.Outcome);

        var firstTurn = results[0].Duration;
        var laterTurns = TestSessions.Median(results.Skip(1).Select(result => result.Duration));
        output.WriteLine($"agent built (MCP connect included): {results[0].AgentBuildTime?.TotalMilliseconds:0.0} ms; first turn {firstTurn.TotalMilliseconds:0.0} ms");
        output.WriteLine($"median failed turn afterwards: {laterTurns.TotalMilliseconds:0.0} ms over {results.Count - 1} turns");
    }

    [Fact]
    public async Task A_fallback_success_drops_the_agent_so_the_next_message_tries_the_primary_but_keeps_the_mcp_connection()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("bad-primary", Scripts.InvalidModel("bad-primary")).Script("good-fallback", Scripts.EchoUser("fallback: "));
        var marker = Guid.NewGuid().ToString("N");
        await using var cluster = await StartAsync([.. ModelSettings(models, "bad-primary", "good-fallback"), .. McpServers.Everything("everything", marker)]);
        var session = cluster.Session(TestSessions.NewKey());

        var serverProcesses = new HashSet<int>();
        for (var i = 0; i < 20; i++)
        {
            var result = await session.SendAsync($"message {i}");
            Assert.Equal(TurnOutcome.Completed, result.Outcome);
            Assert.Equal($"fallback: message {i}", result.Reply);
            Assert.Equal("good-fallback", result.ModelUsed);
            Assert.True(result.FallbackUsed);
            Assert.Equal(AgentFate.Dropped, result.Agent);
            Assert.Equal(AgentDropReason.FallbackSucceeded, result.DropReason);
            Assert.Equal(i + 1, models.RequestsFor("bad-primary"));
            serverProcesses.UnionWith(ProcessCensus.ProcessesWithMarker(marker));
        }

        var snapshot = await session.GetSnapshotAsync();
        Assert.Equal(20, snapshot.Counters.AgentsBuilt);
        Assert.Equal(20, snapshot.Counters.Dropped(AgentDropReason.FallbackSucceeded));
        Assert.Equal(0, snapshot.Counters.McpConnectionsOpened);
        Assert.False(snapshot.AgentCached);
        Assert.Empty(serverProcesses);
        Assert.True(snapshot.LastTurn?.FallbackUsed);
    }

    [Fact]
    public async Task A_working_primary_keeps_one_agent_across_turns()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("good-primary", Scripts.EchoUser("primary: "));
        var marker = Guid.NewGuid().ToString("N");
        await using var cluster = await StartAsync([.. ModelSettings(models, "good-primary", "unused-fallback"), .. McpServers.Everything("everything", marker)]);
        var session = cluster.Session(TestSessions.NewKey());

        for (var i = 0; i < 10; i++)
        {
            var result = await session.SendAsync($"message {i}");
            Assert.Equal($"primary: message {i}", result.Reply);
            Assert.False(result.FallbackUsed);
            Assert.Equal(AgentFate.Kept, result.Agent);
            Assert.Equal(i == 0, result.AgentBuildTime is not null);
        }

        var snapshot = await session.GetSnapshotAsync();
        Assert.Equal(1, snapshot.Counters.AgentsBuilt);
        Assert.Equal(0, snapshot.Counters.TotalAgentsDropped);
        Assert.Equal(0, snapshot.Counters.McpConnectionsOpened);
        Assert.Empty(ProcessCensus.ProcessesWithMarker(marker));
        Assert.Equal(0, models.RequestsFor("unused-fallback"));
        Assert.Equal("good-primary", snapshot.ModelInUse);
        Assert.Equal(10, snapshot.TurnCount);
        Assert.Equal(20, snapshot.TranscriptLength);
    }
}
