using System.Net;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Hermes.Silo.Health;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Operations;

/// <summary>
/// What a silo does when told to stop (SIGTERM): drain running turns up to a bound, persist, close MCP, leave the
/// cluster. Session state lives in the local profile's SQLite file, outside the silos, as it does in production.
/// </summary>
public sealed class GracefulShutdownTests
{
    private const string Slow = "slow";

    [Fact]
    public async Task A_stopping_silo_lets_its_running_turn_finish_and_the_session_then_answers_from_another_silo()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        models.Script("primary", HeldWhenSlow(release.Task, "finished while its silo stopped"));
        await using var first = await TestSilo.StartAsync(ModelSettings(models, "primary"));
        await using var second = await TestSilo.StartAsync(ModelSettings(models, "primary"), primary: first);
        await using var frontEnd = await FrontEnd.StartAsync([first, second]);
        var management = frontEnd.Client.GetGrain<IManagementGrain>(0);
        var session = await SessionActiveOnAsync(second, frontEnd, management);

        var running = session.SendAsync(Slow);
        await Poll.UntilAsync(() => models.Requests.Any(request => request.LastUserText == Slow), "the slow turn's model call");
        var stopping = second.StopAsync();
        await Poll.UntilAsync(async () => await second.StatusOfAsync(HealthEndpoints.ReadyPath) == HttpStatusCode.ServiceUnavailable, "readiness off");
        Assert.Equal(HttpStatusCode.OK, await second.StatusOfAsync(HealthEndpoints.LivePath));
        Assert.False(running.IsCompleted);
        release.SetResult();

        var finished = await running;
        await stopping;
        Assert.Equal(TurnOutcome.Completed, finished.Outcome);
        Assert.Equal("finished while its silo stopped", finished.Reply);
        var next = await session.SendAsync("after");
        Assert.Equal("echo: after", next.Reply);
        Assert.Equal(3, next.TurnNumber);
        Assert.Equal(first.Address, await management.GetActivationAddress(session));
    }

    [Fact]
    public async Task A_turn_still_running_at_the_drain_bound_is_interrupted_and_recorded_and_the_silo_closes_its_mcp_servers()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        models.Script("primary", HeldWhenSlow(never.Task, "never sent"));
        var marker = Guid.NewGuid().ToString("N");
        using var storage = new TempFolder();
        List<KeyValuePair<string, string?>> settings =
        [
            .. ModelSettings(models, "primary"),
            new("Hermes:Local:DataFolder", storage.Path),
            .. McpServers.Everything("everything", marker),
            new("Hermes:Mcp:Servers:everything:start", "with-session"),
            new("Hermes:Shutdown:TurnDrainTimeout", "00:00:01"),
            new("Hermes:Shutdown:Timeout", "00:00:30"),
        ];
        var key = TestSessions.NewKey();
        await using (var silo = await TestSilo.StartAsync(settings))
        {
            await using var frontEnd = await FrontEnd.StartAsync([silo]);
            var session = frontEnd.Client.GetSessionGrain(key);
            Assert.Equal("echo: hello", (await session.SendAsync("hello")).Reply);
            Assert.Single(ProcessCensus.ProcessesWithMarker(marker));

            var running = session.SendAsync(Slow);
            await Poll.UntilAsync(() => models.Requests.Any(request => request.LastUserText == Slow), "the slow turn's model call");
            await silo.StopAsync();

            var interrupted = await running;
            Assert.Equal(TurnOutcome.Interrupted, interrupted.Outcome);
            Assert.Equal(2, interrupted.TurnNumber);
            Assert.Empty(ProcessCensus.ProcessesWithMarker(marker));
        }

        // A silo started afterwards on the same storage finds what the stopping one persisted.
        await using var successor = await TestSilo.StartAsync(settings);
        await using var reconnected = await FrontEnd.StartAsync([successor]);
        var snapshot = await reconnected.Client.GetSessionGrain(key).GetSnapshotAsync();
        Assert.Equal(2, snapshot.TurnCount);
        Assert.Equal(TurnOutcome.Interrupted, snapshot.LastTurn?.Outcome);
        Assert.Equal(1, snapshot.Counters.Dropped(AgentDropReason.SiloShutdown));
        never.SetResult();
    }

    private static ModelScript HeldWhenSlow(Task release, string reply) => request => request.LastUserText == Slow
        ? new ScriptedAnswer.Held(release, new ScriptedAnswer.Text(reply))
        : new ScriptedAnswer.Text($"echo: {request.LastUserText}");

    /// <summary>
    /// Opens sessions until one is placed on <paramref name="silo"/>: placement spreads sessions by load, and counts a
    /// silo that has just joined only once its load statistics have reached the others.
    /// </summary>
    private static async Task<ISessionGrain> SessionActiveOnAsync(TestSilo silo, FrontEnd frontEnd, IManagementGrain management)
    {
        ISessionGrain? placed = null;
        await Poll.UntilAsync(
            async () =>
            {
                var session = frontEnd.Client.GetSessionGrain(TestSessions.NewKey());
                Assert.Equal("echo: hello", (await session.SendAsync("hello")).Reply);
                placed = await management.GetActivationAddress(session) == silo.Address ? session : null;
                return placed is not null;
            },
            $"a session placed on silo {silo.Address}");
        return placed!;
    }
}
