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
    public async Task At_the_silos_process_limit_the_least_recently_used_idle_session_server_is_closed_to_make_room()
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
        var firstProcess = Assert.Single(ProcessCensus.ProcessesWithMarker(marker));

        var result = await second.SendAsync("hello too");

        Assert.Equal("The tool said: Echo: fine", result.Reply);
        var secondProcess = Assert.Single(ProcessCensus.ProcessesWithMarker(marker));
        Assert.NotEqual(firstProcess, secondProcess);
        Assert.Equal(McpServerState.Idle, (await first.GetSnapshotAsync()).McpServers.Single().State);
        Assert.Equal((McpServerState.Connected, secondProcess), ((await second.GetSnapshotAsync()).McpServers.Single().State, (await second.GetSnapshotAsync()).McpServers.Single().ProcessId));
    }

    [Fact]
    public async Task With_every_process_in_use_a_call_that_would_start_another_fails_naming_the_limit_which_is_no_failure_of_the_server()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using var test = McpTestPool.Start([.. McpServers.Everything("everything", marker), new("Hermes:Mcp:MaxProcesses", "1")]);
        await using var busy = await test.Pool.OpenAsync("busy", CancellationToken.None);
        await using var other = await test.Pool.OpenAsync("other", CancellationToken.None);
        using var stopBusy = new CancellationTokenSource();
        var longCall = McpTestPool.CallAsync(busy, "mcp__everything__trigger-long-running-operation", new() { ["duration"] = 600, ["steps"] = 1 }, stopBusy.Token);
        await Poll.UntilAsync(() => busy.Servers is [{ CallsInFlight: 1 }], "the long call to reach its server");

        var refused = await Assert.ThrowsAsync<McpServerUnavailableException>(() => McpTestPool.CallAsync(other, "mcp__everything__echo", new() { ["message"] = "room?" }));

        Assert.Contains("Hermes:Mcp:MaxProcesses", refused.Message);
        Assert.Single(ProcessCensus.ProcessesWithMarker(marker));
        var server = Assert.Single(other.Servers);
        // Its tools stay offered (the silo knows them), and the limit counts against no server.
        Assert.Equal((McpServerState.Disconnected, 0, null), (server.State, server.ConnectFailures, server.RetryAt));
        Assert.Contains("Hermes:Mcp:MaxProcesses", server.Error);
        Assert.NotEmpty(other.Tools);
        await stopBusy.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => longCall);
    }
}
