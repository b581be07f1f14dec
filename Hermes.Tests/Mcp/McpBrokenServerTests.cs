using Hermes.Contracts.Mcp;
using Hermes.Grains.Mcp;
using Hermes.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hermes.Tests.Mcp;

/// <summary>A broken server costs the silo a bounded number of spawns, however many sessions call it.</summary>
public sealed class McpBrokenServerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(50)]
    [InlineData(1_000)]
    public async Task Sessions_that_call_a_server_which_exits_at_every_start_spawn_it_a_bounded_number_of_times_in_total(int sessions)
    {
        const int MaxConcurrentStarts = 4;
        var marker = Guid.NewGuid().ToString("N");
        var spawnLog = Path.Combine(Path.GetTempPath(), $"hermes-spawns-{marker}.log");
        await using var test = McpTestPool.Start(
        [
            .. McpServers.EverythingBrokenAfterFirstStart("breaking", marker, spawnLog),
            new("Hermes:Mcp:ReconnectBaseDelay", BaseDelay.ToString()),
            new("Hermes:Mcp:MaxConcurrentStarts", MaxConcurrentStarts.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        var handles = await Task.WhenAll(Enumerable.Range(0, sessions).Select(i => test.Pool.OpenAsync($"session-{i}", CancellationToken.None)));
        Assert.Single(File.ReadAllLines(spawnLog));
        Assert.All(handles, session => Assert.Equal(McpServerState.Idle, Assert.Single(session.Servers).State));

        // Every session calls the tool once a second, all at once, for a minute of the silo's time.
        var calls = 0;
        for (var elapsed = TimeSpan.Zero; elapsed < Period; elapsed += TimeSpan.FromSeconds(1))
        {
            var answers = await Task.WhenAll(handles.Select(CallAsync));
            Assert.All(answers, answer => Assert.IsType<McpServerUnavailableException>(answer));
            calls += answers.Length;
            test.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var spawns = File.ReadAllLines(spawnLog).Length - 1;
        File.Delete(spawnLog);
        File.Delete(spawnLog + ".started");

        // At most the starts under way when the first failure came, then one after each backoff (doubling from the base).
        var bound = MaxConcurrentStarts + 1 + (int)Math.Floor(Math.Log2(1 + (Period / BaseDelay)));
        output.WriteLine($"{sessions} sessions, {calls} tool calls over {Period.TotalSeconds:0} s of silo time: {spawns} spawns of the broken server (bound {bound})");
        Assert.InRange(spawns, 1, bound);
        var server = Assert.Single(handles[0].Servers);
        Assert.Equal((McpServerState.Disconnected, spawns), (server.State, server.ConnectFailures));
        Assert.Equal(0, test.Pool.RunningProcesses);
        foreach (var session in handles)
        {
            await session.DisposeAsync();
        }
    }

    private static async Task<Exception?> CallAsync(McpSessionHandles handles)
    {
        try
        {
            await McpTestPool.CallAsync(handles, "mcp__breaking__echo", new() { ["message"] = "anyone?" });
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }
}
