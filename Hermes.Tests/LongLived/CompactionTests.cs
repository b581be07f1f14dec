using Hermes.Contracts.Budgets;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Compaction;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;
using static Hermes.Tests.LongLived.LongConversation;

namespace Hermes.Tests.LongLived;

/// <summary>Compaction against a scripted model with a small context window: conversations that outgrow it go on.</summary>
public sealed class CompactionTests
{
    [Fact]
    public async Task A_long_conversation_with_large_tool_results_keeps_answering_past_many_windows()
    {
        const int Window = 3_000;
        await using var models = await ScriptedModelServer.StartAsync();
        var bigArgument = $$"""{"message":"{{new string('x', 2_400)}}"}""";
        models.Script("small", Summarizing(request => request.LastToolResult is not null
            ? new ScriptedAnswer.Text("noted")
            : new ScriptedAnswer.ToolCall("mcp__everything__echo", bigArgument)));
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "small"),
            .. McpServers.Everything("everything", Guid.NewGuid().ToString("N")),
            new("Hermes:Model:ContextLengths:small", Window.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        var session = cluster.Session(TestSessions.NewKey());

        const int Turns = 25;
        for (var turn = 1; turn <= Turns; turn++)
        {
            var result = await session.SendAsync($"turn {turn}: {new string('y', 400)}");
            Assert.Equal((TurnOutcome.Completed, "noted"), (result.Outcome, result.Reply));
        }

        // Each turn adds about 1,300 tokens (a 400-character message, a 2,400-character call and its echo): 25 turns are
        // about eleven windows, compacted again and again.
        var turnRequests = models.Requests.Where(request => !IsSummaryRequest(request)).ToArray();
        Assert.All(turnRequests, request => Assert.True(Tokens(request) <= Window, $"a request of {Tokens(request)} tokens overflows the {Window}-token window"));
        Assert.True(models.Requests.Count(IsSummaryRequest) >= 5);
        var snapshot = await session.GetSnapshotAsync();
        Assert.NotNull(snapshot.Summary);
        Assert.True(snapshot.Summary.ThroughTurn >= Turns - 2);
        Assert.Contains($"Summary of turns 1-{snapshot.Summary.ThroughTurn}", SessionReports.Status(snapshot));

        // The full transcript is kept: the recent part in the state, the rest in archive pages.
        Assert.Equal(Turns * 4, snapshot.TranscriptLength + snapshot.ArchivedMessages);
    }

    [Fact]
    public async Task The_summary_is_persisted_and_survives_a_silo_restart()
    {
        using var folder = new TempFolder();
        var store = new SqliteSessionStore(folder.File("sessions.db"));
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("small", Summarizing(Scripts.EchoUser("re: ")));
        var key = TestSessions.NewKey();

        SessionSnapshot before;
        BudgetStanding budgetBefore;
        await using (var first = await StartOnStoreAsync(models, store))
        {
            var session = first.Session(key);
            for (var turn = 1; turn <= 8; turn++)
            {
                await session.SendAsync($"turn {turn}: {new string('y', 600)}");
            }

            before = await session.GetSnapshotAsync();
            await session.SendAsync("/usage");
            budgetBefore = await first.Client.GetGrain<IBudgetGrain>(BudgetKeys.ForUserOf(key)!).GetStandingAsync();
        }

        Assert.NotNull(before.Summary);
        await using var second = await StartOnStoreAsync(models, store);
        var restarted = second.Session(key);
        var after = await restarted.GetSnapshotAsync();
        var budgetAfter = await second.Client.GetGrain<IBudgetGrain>(BudgetKeys.ForUserOf(key)!).GetStandingAsync();
        var reply = await restarted.SendAsync("turn 9");

        Assert.Equal(before.Summary, after.Summary);
        Assert.True(budgetBefore.TokensUsed > 0);
        Assert.Equal(budgetBefore, budgetAfter);
        Assert.StartsWith("re: turn 9", reply.Reply);
        var request = models.Requests.Last(request => !IsSummaryRequest(request));
        Assert.True(CarriesSummary(request));
        Assert.DoesNotContain(UserTexts(request), text => text.StartsWith("turn 1:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Compress_on_demand_says_what_it_saved_and_undo_of_a_summarised_exchange_drops_the_summary()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("roomy", Summarizing(Scripts.EchoUser("re: ")));
        await using var cluster = await StartAsync([.. ModelSettings(models, "roomy"), new("Hermes:Model:ContextLengths:roomy", "100000")]);
        var session = cluster.Session(TestSessions.NewKey());
        for (var turn = 1; turn <= 4; turn++)
        {
            await session.SendAsync($"turn {turn}: {new string('y', 400)}");
        }

        var compressed = await session.SendAsync("/compress");
        await session.SendAsync("turn 5");

        Assert.Matches(@"^Compacted turns 1-3 into a summary: the model's context went from about [\d,]+ to [\d,]+ tokens, [\d,]+ tokens saved", compressed.Reply);
        var summary = (await session.GetSnapshotAsync()).Summary;
        Assert.NotNull(summary);
        Assert.True(summary.TokensSaved > 200);
        var afterCompress = models.Requests.Last(request => !IsSummaryRequest(request));
        Assert.True(CarriesSummary(afterCompress));
        Assert.Equal(["turn 4", "turn 5"], UserTexts(afterCompress).Select(text => text.Split(':')[0]));

        // Taking back exchanges the summary does not cover keeps it; taking back one it covers drops it, so the model
        // never reads of an exchange the user withdrew, and sees the remaining turns word for word again.
        await session.SendAsync("/undo");
        await session.SendAsync("/undo");
        Assert.Equal(summary, (await session.GetSnapshotAsync()).Summary);
        await session.SendAsync("/undo");
        Assert.Null((await session.GetSnapshotAsync()).Summary);
        await session.SendAsync("turn 6");
        var afterUndo = models.Requests.Last(request => !IsSummaryRequest(request));
        Assert.False(CarriesSummary(afterUndo));
        Assert.Equal(["turn 1", "turn 2", "turn 6"], UserTexts(afterUndo).Select(text => text.Split(':')[0]));
    }

    [Fact]
    public async Task A_failed_summary_leaves_the_conversation_as_it_was_and_the_turn_goes_on_with_the_newest_turns_that_fit()
    {
        const int Window = 1_000;
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("small", FailingSummaries(Scripts.EchoUser("re: ")));
        await using var cluster = await StartAsync([.. ModelSettings(models, "small"), new("Hermes:Model:ContextLengths:small", "1000"), new("Hermes:Model:MaxRetries", "0")]);
        var session = cluster.Session(TestSessions.NewKey());

        for (var turn = 1; turn <= 8; turn++)
        {
            var result = await session.SendAsync($"turn {turn}: {new string('y', 600)}");
            Assert.Equal(TurnOutcome.Completed, result.Outcome);
        }

        Assert.Null((await session.GetSnapshotAsync()).Summary);
        Assert.True(models.Requests.Count(IsSummaryRequest) > 0);
        var last = models.Requests.Last(request => !IsSummaryRequest(request));
        Assert.True(Tokens(last) <= Window);
        Assert.True(Mentions(last, ContextFitter.LeftOutNote));
        Assert.StartsWith("turn 8:", UserTexts(last)[^1]);
    }

    [Fact]
    public async Task A_fallback_with_a_smaller_window_gets_a_context_that_fits_it()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        var primaryDown = false;
        models.Script("big", request => primaryDown
            ? new ScriptedAnswer.Error(404, "The model `big` does not exist.", Code: "model_not_found")
            : new ScriptedAnswer.Text($"big: {request.LastUserText?[..6]}"));
        models.Script("tiny", request => new ScriptedAnswer.Text($"tiny: {request.LastUserText?[..6]}"));
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "big", "tiny"),
            new("Hermes:Model:ContextLengths:big", "20000"),
            new("Hermes:Model:ContextLengths:tiny", "800"),
        ]);
        var session = cluster.Session(TestSessions.NewKey());
        for (var turn = 1; turn <= 5; turn++)
        {
            await session.SendAsync($"turn {turn}: {new string('y', 800)}");
        }

        primaryDown = true;
        var result = await session.SendAsync($"turn 6: {new string('y', 800)}");

        Assert.Equal((TurnOutcome.Completed, "tiny: turn 6", true), (result.Outcome, result.Reply, result.FallbackUsed));
        var toBig = models.Requests.Last(request => request.Model == "big");
        var toTiny = models.Requests.Single(request => request.Model == "tiny");
        Assert.Equal(6, UserTexts(toBig).Length);
        Assert.True(Tokens(toTiny) <= 800, $"the fallback got {Tokens(toTiny)} tokens for its 800-token window");
        Assert.StartsWith("turn 6:", UserTexts(toTiny)[^1]);
        Assert.True(UserTexts(toTiny).Length < 6);
    }

    private static Task<HermesCluster> StartOnStoreAsync(ScriptedModelServer models, SqliteSessionStore store) => StartAsync(
        [.. ModelSettings(models, "small"), new("Hermes:Model:ContextLengths:small", "1500"), new("Hermes:Budgets:User:Tokens", "100000")],
        storage: store.Configure,
        cluster: builder => builder.Options.ServiceId = "hermes-compaction-test");
}
