using System.Diagnostics;
using System.Text.Json.Nodes;
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

/// <summary>Servers that die, hang or never start, with real processes: tool errors are data and nothing loops.</summary>
public sealed class McpReconnectTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_server_behind_a_session_makes_the_next_tool_call_reconnect_without_rebuilding_the_agent()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("tool-user", Scripts.CallToolThenQuote("mcp__everything__echo", """{"message":"still here"}"""));
        var marker = Guid.NewGuid().ToString("N");
        await using var cluster = await StartAsync([.. ModelSettings(models, "tool-user"), .. McpServers.Everything("everything", marker)]);
        using var reconnects = new MetricCollector<long>(cluster.SiloServices.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), HermesTelemetry.Name, "hermes.mcp.reconnects");
        var session = cluster.Session(TestSessions.NewKey());

        Assert.Equal("The tool said: Echo: still here", (await session.SendAsync("first")).Reply);
        var first = Assert.Single((await session.GetSnapshotAsync()).McpServers);
        Assert.Equal([first.ProcessId!.Value], ProcessCensus.ProcessesWithMarker(marker));

        await ProcessCensus.KillAsync(first.ProcessId.Value);

        // The host learns of a child's death from the runtime, a moment after the kernel: wait until the session's
        // status no longer shows the server connected, so that the next call is the one that must reconnect.
        await Poll.UntilAsync(async () => (await session.GetSnapshotAsync()).McpServers[0].State != McpServerState.Connected, "the session to see its server gone");
        var result = await session.SendAsync("second");

        Assert.Equal("The tool said: Echo: still here", result.Reply);
        Assert.Null(result.AgentBuildTime);
        var snapshot = await session.GetSnapshotAsync();
        var server = Assert.Single(snapshot.McpServers);
        Assert.Equal((McpServerState.Connected, 2, 1, 0), (server.State, server.ConnectionsOpened, server.Reconnects, server.ConnectFailures));
        Assert.NotEqual(first.ProcessId, server.ProcessId);
        Assert.Equal([server.ProcessId!.Value], ProcessCensus.ProcessesWithMarker(marker));
        Assert.Equal(1, snapshot.Counters.AgentsBuilt);
        Assert.Equal(1, reconnects.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task A_tool_call_in_flight_when_its_server_dies_returns_a_tool_error_and_the_turn_completes()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("tool-user", Scripts.CallToolThenQuote("mcp__everything__trigger-long-running-operation", """{"duration":60,"steps":1}"""));
        var marker = Guid.NewGuid().ToString("N");
        await using var cluster = await StartAsync([.. ModelSettings(models, "tool-user"), .. McpServers.Everything("everything", marker)]);
        var session = cluster.Session(TestSessions.NewKey());

        var turn = session.SendAsync("start the long operation");
        await Poll.UntilAsync(async () => (await session.GetSnapshotAsync()).McpServers is [{ CallsInFlight: 1 }], "the tool call to reach the server");
        await ProcessCensus.KillAsync(Assert.Single(ProcessCensus.ProcessesWithMarker(marker)));
        var result = await turn;

        Assert.Equal(TurnOutcome.Completed, result.Outcome);
        Assert.StartsWith("The tool said: Error: the tool 'mcp__everything__trigger-long-running-operation' failed: MCP server 'everything' went away during the call", result.Reply);
        Assert.Equal(1, result.ToolCalls);
        var server = Assert.Single((await session.GetSnapshotAsync()).McpServers);
        Assert.Equal((McpServerState.Disconnected, 0), (server.State, server.CallsInFlight));
        Assert.Empty(ProcessCensus.ProcessesWithMarker(marker));
    }

    [Fact]
    public async Task A_hanging_tool_gives_the_model_a_timeout_error_the_turn_completes_and_the_server_stays_connected()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("tool-user", request => request.LastToolResult is { } toolResult
            ? new ScriptedAnswer.Text($"The tool said: {toolResult}")
            : request.LastUserText == "hang"
                ? new ScriptedAnswer.ToolCall("mcp__everything__trigger-long-running-operation", """{"duration":2,"steps":1}""")
                : new ScriptedAnswer.ToolCall("mcp__everything__echo", """{"message":"after the timeout"}"""));
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "tool-user"),
            .. McpServers.Everything("everything", Guid.NewGuid().ToString("N")),
            new("Hermes:Mcp:Servers:everything:timeout", "0.5"),
        ]);
        var session = cluster.Session(TestSessions.NewKey());

        // The operation outlives the 0.5 s timeout but not the test: the server exits when released only once it is done.
        var hung = await session.SendAsync("hang");
        var after = await session.SendAsync("echo");

        Assert.Equal(TurnOutcome.Completed, hung.Outcome);
        Assert.Equal("The tool said: Error: the tool 'mcp__everything__trigger-long-running-operation' failed: MCP server 'everything' did not answer within 0.5 s.", hung.Reply);
        Assert.Equal("The tool said: Echo: after the timeout", after.Reply);
        var server = Assert.Single((await session.GetSnapshotAsync()).McpServers);
        Assert.Equal((McpServerState.Connected, 1, 0), (server.State, server.ConnectionsOpened, server.Reconnects));
    }

    [Fact]
    public async Task A_server_that_exits_at_once_is_spawned_a_bounded_number_of_times_and_the_model_is_told_it_is_missing()
    {
        const int Turns = 20;
        var baseDelay = TimeSpan.FromMilliseconds(50);
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.Reply("fine without it"));
        var marker = Guid.NewGuid().ToString("N");
        var spawnLog = Path.Combine(Path.GetTempPath(), $"hermes-spawns-{marker}.log");
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "primary"),
            .. McpServers.CrashOnStart("crasher", marker, spawnLog),
            .. McpServers.Everything("everything", marker),
            new("Hermes:Mcp:ReconnectBaseDelay", baseDelay.ToString()),
        ]);
        var session = cluster.Session(TestSessions.NewKey());

        var clock = Stopwatch.StartNew();
        var results = new List<TurnResult>();
        for (var i = 0; i < Turns; i++)
        {
            results.Add(await session.SendAsync($"message {i}"));
        }

        var elapsed = clock.Elapsed;
        var spawns = File.ReadAllLines(spawnLog).Length;
        File.Delete(spawnLog);

        // After the k-th failure in a row the next attempt waits base × 2^(k-1): within T, at most 1 + ⌊log2(1 + T/base)⌋ spawns.
        var bound = 1 + (int)Math.Floor(Math.Log2(1 + (elapsed / baseDelay)));
        output.WriteLine($"crash-on-start server: {spawns} spawns over {Turns} turns in {elapsed.TotalMilliseconds:0} ms (bound {bound}, base {baseDelay.TotalMilliseconds} ms)");
        Assert.All(results, result => Assert.Equal(TurnOutcome.Completed, result.Outcome));
        Assert.InRange(spawns, 1, Math.Min(Turns, bound));
        var crasher = (await session.GetSnapshotAsync()).McpServers.Single(server => server.Name == "crasher");
        Assert.Equal((McpServerState.Failed, spawns, 0), (crasher.State, crasher.ConnectFailures, crasher.ToolCount));
        // The exit code is known unless the server was gone before the handshake was even written.
        Assert.Contains(crasher.Error, new[] { "the server process exited with code 3", McpFailureReason.ClosedDuringHandshake });
        Assert.All(models.Requests, request =>
        {
            Assert.DoesNotContain(request.ToolNames, tool => tool.StartsWith("mcp__crasher__", StringComparison.Ordinal));
            Assert.Contains("mcp__everything__echo", request.ToolNames);
            var note = (string?)request.Messages.OfType<JsonObject>().First()["content"];
            Assert.Matches($"^These MCP servers could not be reached for this turn, so their tools are absent: 'crasher' \\((the server process exited with code 3|{McpFailureReason.ClosedDuringHandshake})\\)\\.$", note);
        });
    }
}
