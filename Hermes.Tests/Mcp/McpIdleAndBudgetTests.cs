using Hermes.Contracts.Mcp;
using Hermes.Grains.Mcp;
using Hermes.Tests.Infrastructure;

namespace Hermes.Tests.Mcp;

/// <summary>A session's server runs only while it is used: closed when idle or over the memory budget, started again on the next call.</summary>
public sealed class McpIdleAndBudgetTests
{
    private const string Echo = "mcp__everything__echo";
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_session_server_without_a_call_for_the_idle_timeout_is_closed_and_the_next_call_starts_it_again_with_the_same_tools()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using var test = McpTestPool.Start(
        [
            .. McpServers.Everything("everything", marker),
            new("Hermes:Mcp:IdleTimeout", "00:05:00"),
            new("Hermes:Mcp:SweepInterval", SweepInterval.ToString()),
        ]);
        await using var handles = await test.Pool.OpenAsync("session", CancellationToken.None);
        var tools = handles.Tools.Select(tool => tool.Name).ToArray();
        await McpTestPool.CallAsync(handles, Echo, new() { ["message"] = "first" });
        var first = Assert.Single(ProcessCensus.ProcessesWithMarker(marker));

        // Four sweeps within the idle timeout keep it; the fifth, five minutes after the call, closes it.
        for (var minute = 1; minute <= 4; minute++)
        {
            test.Time.Advance(SweepInterval);
        }

        Assert.Equal([first], ProcessCensus.ProcessesWithMarker(marker));
        test.Time.Advance(SweepInterval);
        await Poll.UntilAsync(() => ProcessCensus.ProcessesWithMarker(marker).Count == 0, "the idle server to close");
        var idle = Assert.Single(handles.Servers);
        Assert.Equal((McpServerState.Idle, null, tools.Length), (idle.State, idle.ProcessId, idle.ToolCount));
        Assert.Equal(tools, handles.Tools.Select(tool => tool.Name));

        var again = await McpTestPool.CallAsync(handles, Echo, new() { ["message"] = "again" });

        Assert.Equal("Echo: again", Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(Assert.Single(again.Content)).Text);
        var restarted = Assert.Single(ProcessCensus.ProcessesWithMarker(marker));
        Assert.NotEqual(first, restarted);
        var server = Assert.Single(handles.Servers);
        Assert.Equal((McpServerState.Connected, restarted, 2, 0, 0), (server.State, server.ProcessId, server.ConnectionsOpened, server.Reconnects, server.ConnectFailures));
        Assert.Equal(2, handles.TakeConnectionsOpened());
    }

    [Fact]
    public async Task Over_the_memory_budget_the_least_recently_used_idle_servers_close_first_and_never_one_with_a_call_in_flight()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using var test = McpTestPool.Start(
        [
            .. McpServers.Everything("everything", marker),
            new("Hermes:Mcp:IdleTimeout", "01:00:00"),
            new("Hermes:Mcp:SweepInterval", SweepInterval.ToString()),
        ]);
        await using var oldest = await test.Pool.OpenAsync("oldest", CancellationToken.None);
        await using var newer = await test.Pool.OpenAsync("newer", CancellationToken.None);
        await using var busy = await test.Pool.OpenAsync("busy", CancellationToken.None);
        await McpTestPool.CallAsync(oldest, Echo, new() { ["message"] = "one" });
        test.Time.Advance(TimeSpan.FromSeconds(1));
        await McpTestPool.CallAsync(newer, Echo, new() { ["message"] = "two" });
        test.Time.Advance(TimeSpan.FromSeconds(1));
        using var stopBusy = new CancellationTokenSource();
        var longCall = McpTestPool.CallAsync(busy, "mcp__everything__trigger-long-running-operation", new() { ["duration"] = 600, ["steps"] = 1 }, stopBusy.Token);
        await Poll.UntilAsync(() => busy.Servers is [{ State: McpServerState.Connected, CallsInFlight: 1 }], "the long call to reach its server");
        var (oldestPid, newerPid, busyPid) = (ProcessOf(oldest), ProcessOf(newer), ProcessOf(busy));

        // A budget that closing the oldest server meets (its share is larger than half of another's), but nothing less.
        var resident = ResidentBytes(marker);
        var budget = (resident.Values.Sum() - resident[oldestPid] + (resident[newerPid] / 2)) / (1024 * 1024);
        test.Set("Hermes:Mcp:MemoryBudget", budget.ToString(System.Globalization.CultureInfo.InvariantCulture));
        test.Time.Advance(SweepInterval);
        await Poll.UntilAsync(() => !ProcessCensus.ProcessesWithMarker(marker).Contains(oldestPid), "the least recently used server to close");

        Assert.Equal([newerPid, busyPid], ProcessCensus.ProcessesWithMarker(marker).Order());

        // A budget nothing meets: every idle server closes, the one with a call in flight stays.
        test.Set("Hermes:Mcp:MemoryBudget", "1");
        test.Time.Advance(SweepInterval);
        await Poll.UntilAsync(() => ProcessCensus.ProcessesWithMarker(marker).Count == 1, "the idle server to close");

        Assert.Equal([busyPid], ProcessCensus.ProcessesWithMarker(marker));
        Assert.Equal(McpServerState.Idle, Assert.Single(oldest.Servers).State);
        Assert.Equal((McpServerState.Connected, 1), (Assert.Single(busy.Servers).State, Assert.Single(busy.Servers).CallsInFlight));
        Assert.Equal("Echo: back", Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(
            Assert.Single((await McpTestPool.CallAsync(oldest, Echo, new() { ["message"] = "back" })).Content)).Text);
        await stopBusy.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => longCall);
    }

    private static int ProcessOf(McpSessionHandles handles) => Assert.Single(handles.Servers).ProcessId!.Value;

    private static Dictionary<int, long> ResidentBytes(string marker) =>
        ProcessTable.Read(McpServers.MarkerVariable).Where(entry => entry.Marker == marker && !entry.IsZombie).ToDictionary(entry => entry.Pid, entry => entry.ResidentBytes);
}
