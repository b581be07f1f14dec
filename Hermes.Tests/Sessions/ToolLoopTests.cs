using System.Text.Json.Nodes;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Mcp;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Sessions;

/// <summary>The tool-calling loop through a real MCP server process.</summary>
public sealed class ToolLoopTests
{
    [Fact]
    public async Task A_tool_call_round_trips_through_the_mcp_server_and_the_reply_carries_its_output()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("tool-user", Scripts.CallToolThenQuote("mcp__everything__echo", """{"message":"hello from the test"}"""));
        await using var cluster = await StartAsync([.. ModelSettings(models, "tool-user"), .. McpServers.Everything("everything", Guid.NewGuid().ToString("N"))]);
        var session = cluster.Session(TestSessions.NewKey());

        var result = await session.SendAsync("please echo");

        Assert.Equal(TurnOutcome.Completed, result.Outcome);
        Assert.Equal("The tool said: Echo: hello from the test", result.Reply);
        Assert.Equal(1, result.ToolCalls);
        Assert.Equal(2, result.ApiCalls);
        Assert.Contains("mcp__everything__echo", models.Requests[0].ToolNames);
        var snapshot = await session.GetSnapshotAsync();
        var server = Assert.Single(snapshot.McpServers);
        Assert.Equal(McpServerState.Connected, server.State);
        Assert.True(server.ToolCount > 3);

        var transcript = await session.GetTranscriptAsync(10);
        Assert.Equal([TranscriptRole.User, TranscriptRole.Assistant, TranscriptRole.Tool, TranscriptRole.Assistant], transcript.Select(message => message.Role));
        Assert.Equal(transcript[1].ToolCalls.Single().CallId, transcript[2].ToolCallId);
    }

    [Fact]
    public async Task The_next_turn_sends_the_model_its_earlier_tool_call_with_the_result()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("tool-user", Scripts.CallToolThenQuote("mcp__everything__echo", """{"message":"first"}"""));
        await using var cluster = await StartAsync([.. ModelSettings(models, "tool-user"), .. McpServers.Everything("everything", Guid.NewGuid().ToString("N"))]);
        var session = cluster.Session(TestSessions.NewKey());

        await session.SendAsync("turn one");
        await session.SendAsync("turn two");

        var secondTurnFirstCall = models.Requests[2].Messages.OfType<JsonObject>().ToArray();
        Assert.Equal(["user", "assistant", "tool", "assistant", "user"], secondTurnFirstCall.Select(message => (string?)message["role"]));
        var callId = (string?)secondTurnFirstCall[1]["tool_calls"]?[0]?["id"];
        Assert.NotNull(callId);
        Assert.Equal(callId, (string?)secondTurnFirstCall[2]["tool_call_id"]);
    }

    [Fact]
    public async Task A_model_that_keeps_calling_tools_is_stopped_by_the_iteration_budget_and_must_answer()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("looper", request => request.ToolNames.Count > 0
            ? new ScriptedAnswer.ToolCall("mcp__everything__echo", $$"""{"message":"round {{request.Index}}"}""")
            : new ScriptedAnswer.Text("out of tool budget"));
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "looper"),
            .. McpServers.Everything("everything", Guid.NewGuid().ToString("N")),
            new("Hermes:Agent:MaxIterations", "3"),
        ]);
        var session = cluster.Session(TestSessions.NewKey());

        var result = await session.SendAsync("loop forever");

        Assert.Equal(TurnOutcome.Completed, result.Outcome);
        Assert.Equal("out of tool budget", result.Reply);
        Assert.Equal((4, 3), (result.ApiCalls, result.ToolCalls));
        var transcript = await session.GetTranscriptAsync(100);
        var calls = transcript.SelectMany(message => message.ToolCalls).Select(call => call.CallId).ToHashSet();
        var results = transcript.Where(message => message.Role == TranscriptRole.Tool).Select(message => message.ToolCallId!).ToHashSet();
        Assert.Equal(3, calls.Count);
        Assert.Equal(calls, results);
    }

    [Fact]
    public async Task A_server_that_cannot_start_leaves_its_tools_out_and_the_turn_still_completes()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.Reply("no tools needed"));
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "primary"),
            new("Hermes:Mcp:Servers:broken:Command", "/nonexistent/mcp-server"),
        ]);
        var session = cluster.Session(TestSessions.NewKey());

        var result = await session.SendAsync("hello");

        Assert.Equal(TurnOutcome.Completed, result.Outcome);
        var server = Assert.Single((await session.GetSnapshotAsync()).McpServers);
        Assert.Equal(McpServerState.Failed, server.State);
        Assert.NotNull(server.Error);
        Assert.Empty(models.Requests[0].ToolNames);
    }
}
