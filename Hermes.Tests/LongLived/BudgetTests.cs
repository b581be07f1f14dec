using Hermes.Client.Operator;
using Hermes.Contracts.Budgets;
using Hermes.Contracts.Sessions;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.LongLived;

/// <summary>Token and cost caps as cluster state: checked before any model call, charged exactly, changed by an operator.</summary>
public sealed class BudgetTests
{
    // What the scripted server reports for every call: 12 tokens in, 5 out.
    private const int TokensPerCall = 17;

    [Fact]
    public async Task A_session_over_its_token_cap_is_refused_before_any_request_reaches_the_model()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.EchoUser("re: "));
        await using var cluster = await StartAsync([.. ModelSettings(models, "primary"), new("Hermes:Budgets:Session:Tokens", "17")]);
        var key = TestSessions.NewKey();
        var session = cluster.Session(key);

        var first = await session.SendAsync("first");
        var refused = await session.SendAsync("second");
        var usage = await session.SendAsync("/usage");

        Assert.Equal(TurnOutcome.Completed, first.Outcome);
        Assert.Equal((TurnOutcome.Failed, ErrorKind.BudgetExceeded), (refused.Outcome, refused.Error?.Kind));
        Assert.Contains("this session's budget has reached its token cap: 17 of 17 tokens used", refused.Reply);
        Assert.Contains("does not reset by itself", refused.Reply);
        Assert.Equal(1, models.RequestsFor("primary"));
        Assert.Contains("This session's budget: 17 of 17 tokens", usage.Reply);
        // The user's budget has no cap, so nothing is charged to it: it is listed, uncapped.
        Assert.Contains("Your budget across sessions: 0 tokens (no cap)", usage.Reply);
        Assert.Contains("The deployment's budget: 0 tokens (no cap)", usage.Reply);

        // An operator raises the cap (as `hermes budget set --session … --tokens 100` does), and the session goes on.
        var raised = await BudgetCommand.SetAsync(cluster.Client, BudgetKeys.ForSession(key), tokens: 100, cost: null);
        var again = await session.SendAsync("third");

        Assert.Equal((100L, true), (raised.Caps.Tokens, raised.SetByOperator));
        Assert.Equal(("re: third", 2), (again.Reply, models.RequestsFor("primary")));
    }

    [Fact]
    public async Task Two_sessions_of_one_user_share_the_users_cap_under_concurrent_turns_with_an_exact_count()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.EchoUser("re: "));
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "primary"),
            new("Hermes:Budgets:User:Tokens", "100"),
            new("Hermes:Budgets:Prices:primary:InputPerMillion", "1000"),
            new("Hermes:Budgets:Prices:primary:OutputPerMillion", "2000"),
        ]);
        var user = Guid.NewGuid().ToString("N");
        ISessionGrain[] sessions = [cluster.Session(SessionKey.ForGroup("test", "chat-a", user)), cluster.Session(SessionKey.ForGroup("test", "chat-b", user))];

        var results = await Task.WhenAll(sessions.Select(async session =>
        {
            List<TurnResult> replies = [];
            for (var message = 0; message < 8; message++)
            {
                replies.Add(await session.SendAsync($"message {message}"));
            }

            return replies;
        }));

        var all = results.SelectMany(replies => replies).ToArray();
        var completed = all.Count(result => result.Outcome == TurnOutcome.Completed);

        // A turn is charged just after its reply; each session's /usage waits for its own charges.
        await Task.WhenAll(sessions.Select(session => session.SendAsync("/usage")));
        var standing = await cluster.Client.GetGrain<IBudgetGrain>(BudgetKeys.ForUser($"test:{user}")).GetStandingAsync();

        // The cap admits turns while less than 100 tokens are used: six turns of 17, and at most one more that was admitted
        // at the same moment in the other session. Whatever ran is counted exactly, and nothing else reached the model.
        Assert.InRange(completed, 6, 7);
        Assert.Equal(completed * TokensPerCall, standing.TokensUsed);
        Assert.Equal(completed * (12 * 1000m + 5 * 2000m) / 1_000_000m, standing.CostUsed);
        Assert.Equal(completed, models.RequestsFor("primary"));
        Assert.All(all.Where(result => result.Outcome != TurnOutcome.Completed), refused =>
        {
            Assert.Equal(ErrorKind.BudgetExceeded, refused.Error?.Kind);
            Assert.Contains("your budget across sessions has reached its token cap", refused.Reply);
            Assert.Contains("resets at", refused.Reply);
        });
    }

    [Fact]
    public async Task After_a_turn_only_the_capped_budgets_and_the_deployments_stay_activated()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.EchoUser("re: "));
        await using var cluster = await StartAsync([.. ModelSettings(models, "primary"), new("Hermes:Budgets:User:Tokens", "100")]);
        var key = TestSessions.NewKey();

        var turn = await cluster.Session(key).SendAsync("hello");

        // The session's own budget has no cap: it was read before the turn, and an idle session does not keep it in memory.
        Assert.Equal(TurnOutcome.Completed, turn.Outcome);
        string[] expected = [BudgetKeys.Deployment, BudgetKeys.ForUserOf(key)!];
        await Poll.UntilAsync(
            async () => (await ActiveBudgetsAsync(cluster.Client)).Order().SequenceEqual(expected.Order()),
            $"only the budgets {string.Join(", ", expected)} are activated");
        var usage = await cluster.Session(key).SendAsync("/usage");
        Assert.Contains("This session's budget: 0 tokens (no cap)", usage.Reply);
        Assert.Contains("Your budget across sessions: 17 of 100 tokens", usage.Reply);
    }

    [Fact]
    public async Task An_operator_lifts_and_resets_a_users_caps()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.EchoUser("re: "));
        await using var cluster = await StartAsync([.. ModelSettings(models, "primary"), new("Hermes:Budgets:User:Tokens", "10")]);
        var key = TestSessions.NewKey();
        var session = cluster.Session(key);
        var budget = cluster.Client.GetGrain<IBudgetGrain>(BudgetKeys.ForUserOf(key)!);

        await session.SendAsync("one");
        var refused = await session.SendAsync("two");
        var lifted = await budget.SetCapsAsync(BudgetCaps.None);
        var afterLift = await session.SendAsync("three");
        var reset = await budget.SetCapsAsync(null);
        var afterReset = await session.SendAsync("four");

        Assert.Equal(ErrorKind.BudgetExceeded, refused.Error?.Kind);
        Assert.Equal((null, true), (lifted.Caps.Tokens, lifted.SetByOperator));
        Assert.Equal("re: three", afterLift.Reply);
        Assert.Equal((10L, false), (reset.Caps.Tokens, reset.SetByOperator));
        Assert.Equal(ErrorKind.BudgetExceeded, afterReset.Error?.Kind);
        Assert.Equal(2, models.RequestsFor("primary"));
    }

    private static async Task<string[]> ActiveBudgetsAsync(IClusterClient client) =>
    [
        .. (await client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics())
            .Where(statistic => statistic.GrainId.Type.ToString() == "budget")
            .Select(statistic => statistic.GrainId.Key.ToString()!),
    ];
}
