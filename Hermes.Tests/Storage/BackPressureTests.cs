using Hermes.Contracts.Sessions;
using Hermes.Silo.Admission;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Storage;

/// <summary>A silo at its limit of messages in flight answers "busy" at once instead of letting a message time out.</summary>
public sealed class BackPressureTests
{
    [Fact]
    public async Task A_message_beyond_the_silos_limit_is_refused_as_busy_at_once_and_accepted_once_there_is_room()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script(SlowReplies.Model, SlowReplies.Script(words: 20));
        await using var silo = await TestSilo.StartAsync([.. ModelSettings(models, SlowReplies.Model), new($"{TurnLimitOptions.SectionName}:MaxTurnsInFlight", "2")]);
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var (first, second, third) = (grains.GetSessionGrain(TestSessions.NewKey()), grains.GetSessionGrain(TestSessions.NewKey()), grains.GetSessionGrain(TestSessions.NewKey()));

        var running = new[] { first.SendAsync("one"), second.SendAsync("two") };
        await Poll.UntilAsync(async () => (await first.GetSnapshotAsync()).TurnRunning && (await second.GetSnapshotAsync()).TurnRunning, "two turns running");
        var busy = await Assert.ThrowsAsync<SessionUnavailableException>(() => third.SendAsync("three"));
        await Task.WhenAll(running);
        var accepted = await third.SendAsync("three");

        Assert.Contains("busy", busy.Message, StringComparison.Ordinal);
        Assert.Equal((TurnOutcome.Completed, 1), (accepted.Outcome, accepted.TurnNumber));
        Assert.Equal(1, (await third.GetSnapshotAsync()).TurnCount);
    }
}
