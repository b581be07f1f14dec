using Hermes.Contracts.Budgets;
using Hermes.Contracts.Sessions;
using Hermes.Silo.Admission;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Storage;

/// <summary>
/// A silo at its limit of messages in flight answers "busy" at once instead of letting a message time out, and the
/// state every turn touches (the deployment's budget) takes many callers at once without serialising them.
/// </summary>
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

    [Fact]
    public async Task A_message_beyond_the_silos_own_callers_room_is_refused_as_busy_before_its_session_activates()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script(SlowReplies.Model, SlowReplies.Script(words: 20));
        await using var silo = await TestSilo.StartAsync(
        [
            .. ModelSettings(models, SlowReplies.Model),
            new($"{TurnLimitOptions.SectionName}:{nameof(TurnLimitOptions.MaxSendsAtOnce)}", "1"),
            new($"{TurnLimitOptions.SectionName}:{nameof(TurnLimitOptions.AdmissionWait)}", "00:00:00"),
        ]);
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var (first, second) = (grains.GetSessionGrain(TestSessions.NewKey()), grains.GetSessionGrain(TestSessions.NewKey()));

        var running = first.SendAsync("one");
        await Poll.UntilAsync(async () => (await first.GetSnapshotAsync()).TurnRunning, "the first turn running");
        var busy = await Assert.ThrowsAsync<SessionUnavailableException>(() => second.SendAsync("two"));
        var unsent = await second.GetSnapshotAsync();
        await running;
        var accepted = await second.SendAsync("two");

        Assert.Contains("busy", busy.Message, StringComparison.Ordinal);
        Assert.Equal(0, unsent.TurnCount);
        Assert.Equal((TurnOutcome.Completed, 1), (accepted.Outcome, accepted.TurnNumber));
    }

    [Fact]
    public async Task Charges_from_many_sessions_at_once_to_the_deployments_budget_all_count_and_are_durable_when_answered()
    {
        const int charges = 300;
        await using var silo = await TestSilo.StartAsync([]);
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var deployment = grains.GetGrain<IBudgetGrain>(BudgetKeys.Deployment);

        var answered = await Task.WhenAll(Enumerable.Range(0, charges).Select(_ => deployment.ChargeAsync(model: null, inputTokens: 2, outputTokens: 1)));
        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var reread = await deployment.GetStandingAsync();

        // Charges answered by one shared write each see all the charges that write held; the last holds every one, and so
        // does the budget read back from storage once its activation was collected.
        Assert.All(answered, standing => Assert.InRange(standing.TokensUsed, 3, charges * 3));
        Assert.Equal(charges * 3, answered.Max(standing => standing.TokensUsed));
        Assert.Equal(charges * 3, reread.TokensUsed);
    }
}
