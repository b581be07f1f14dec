using System.Diagnostics;
using Hermes.Benchmarks.Cluster;
using Hermes.Benchmarks.Harness;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using Hermes.Tests.LongLived;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace Hermes.Benchmarks.Scenarios.LongLived;

/// <summary>
/// What long-lived conversations cost and save (issue 16): the tokens compaction saves on a scripted 200-turn
/// conversation, and the time the budget check and charge add to a turn.
/// </summary>
internal sealed class LongLivedScenario : IBenchmarkScenario
{
    private const int Turns = 200;
    private const int Window = 8_000;
    private const int BudgetSamples = 1_000;

    public string Name => "long-lived";

    public async Task<ScenarioReport> RunAsync(ProgressContext progress)
    {
        var compaction = await CompactionSavingAsync(progress.AddTask("long-lived: 200 turns with and without compaction", maxValue: 2 * Turns));
        var budgets = await BudgetOverheadAsync(progress.AddTask("long-lived: turns and budget calls", maxValue: 3 * BudgetSamples));
        return Report(compaction, budgets);
    }

    /// <summary>The same scripted conversation twice: on a model without a known window, and on one with an 8,000-token window.</summary>
    private static async Task<(Sent Whole, Sent Compacted, int Summaries)> CompactionSavingAsync(ProgressTask task)
    {
        await using var models = await ScriptedModelServer.StartAsync();
        var answer = new string('a', 1_200);
        ModelScript script = LongConversation.Summarizing(request => new ScriptedAnswer.Text(answer));
        models.Script("unbounded", script).Script("windowed", script);
        await using var silo = await TestSilo.StartAsync(
        [
            new("Hermes:Model:BaseUrl", models.BaseUrl.ToString()),
            new("Hermes:Model:ApiKey", "benchmark"),
            new("Hermes:Model:Primary", "unbounded"),
            new("Hermes:Model:ContextLengths:windowed", Window.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        foreach (var model in new[] { "unbounded", "windowed" })
        {
            var session = grains.GetSessionGrain(SessionKey.ForDm("benchmark", model));
            await session.SendAsync($"/model {model}");
            for (var turn = 1; turn <= Turns; turn++)
            {
                await session.SendAsync($"turn {turn}: {new string('u', 800)}");
                task.Increment(1);
            }
        }

        var summaries = models.Requests.Where(LongConversation.IsSummaryRequest).ToArray();
        return (Of(models.Requests.Where(request => request.Model == "unbounded")), Of(models.Requests.Where(request => request.Model == "windowed")), summaries.Length);
    }

    /// <summary>One session's turns on an instant model, then the budget calls those turns make, timed alone.</summary>
    private static async Task<(Latencies Turn, Latencies Check, Latencies Charge)> BudgetOverheadAsync(ProgressTask task)
    {
        // Caps on the user's and the deployment's budgets, far from reached, so that every check reads them.
        await using var silo = await InstantModelSilo.StartAsync(
            new("Hermes:Budgets:User:Tokens", "1000000000"), new("Hermes:Budgets:Deployment:Tokens", "1000000000"));
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var key = SessionKey.ForDm("benchmark", "budgets");
        var session = grains.GetSessionGrain(key);
        var budgets = new TurnBudgets(grains, key.ToString(), TimeProvider.System, NullLogger.Instance);
        for (var warmUp = 0; warmUp < 200; warmUp++)
        {
            await session.SendAsync("warm up");
        }

        var turn = await TimeAsync(() => session.SendAsync("What is the time?"), task);
        var check = await TimeAsync(budgets.ExhaustedAsync, task);
        var charge = await TimeAsync(
            () =>
            {
                budgets.Charge(InstantModelSilo.Primary, new TokenUsage(12, 2));
                return budgets.SettledAsync();
            },
            task);
        return (turn, check, charge);
    }

    private static async Task<Latencies> TimeAsync(Func<Task> operation, ProgressTask task)
    {
        var elapsed = new long[BudgetSamples];
        for (var i = 0; i < elapsed.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation();
            elapsed[i] = Stopwatch.GetTimestamp() - started;
            task.Increment(1);
        }

        return Latencies.Of(elapsed);
    }

    private static Sent Of(IEnumerable<ScriptedRequest> requests)
    {
        var all = requests.ToArray();
        var turns = all.Where(request => !LongConversation.IsSummaryRequest(request)).Select(LongConversation.Tokens).ToArray();
        var summaries = all.Where(LongConversation.IsSummaryRequest).Sum(LongConversation.Tokens);
        return new Sent(turns.Sum(), turns.Max(), summaries);
    }

    private static ScenarioReport Report((Sent Whole, Sent Compacted, int Summaries) compaction, (Latencies Turn, Latencies Check, Latencies Charge) budgets)
    {
        var (whole, compacted, summaries) = compaction;
        var saving = 1 - (double)(compacted.Turns + compacted.Summaries) / whole.Turns;
        var tokens = new ResultTable(
            $"Tokens sent to the model over {Turns} turns (800-character messages, 1,200-character answers)",
            "context", "sent in turns", "sent to summarise", "largest request", "in all");
        tokens.Add("recent transcript, no window known", Units.Count(whole.Turns), "0", Units.Count(whole.Largest), Units.Count(whole.Turns));
        tokens.Add($"compacted for an {Window:#,0}-token window ({summaries} summaries)", Units.Count(compacted.Turns), Units.Count(compacted.Summaries), Units.Count(compacted.Largest), Units.Count(compacted.Turns + compacted.Summaries));

        var overhead = new ResultTable("What the budgets add to a turn (one session, in the silo, SQLite store)", "operation", "p50", "p99", "share of a turn's p50");
        overhead.Add("a turn on an instant model (budget check included; the charge follows the reply)", Units.Duration(budgets.Turn.P50), Units.Duration(budgets.Turn.P99), "100%");
        overhead.Add("budget check: three budget grains read at once", Units.Duration(budgets.Check.P50), Units.Duration(budgets.Check.P99), Share(budgets.Check.P50, budgets.Turn.P50));
        overhead.Add("budget charge, after the reply: three budget grains written one after the other", Units.Duration(budgets.Charge.P50), Units.Duration(budgets.Charge.P99), Share(budgets.Charge.P50, budgets.Turn.P50));

        string[] headlines =
        [
            $"Compaction on a scripted {Turns}-turn conversation: {Units.Count(compacted.Turns + compacted.Summaries)} tokens sent instead of {Units.Count(whole.Turns)} " +
            $"({saving:P0} fewer, summaries included); the largest request is {Units.Count(compacted.Largest)} tokens instead of {Units.Count(whole.Largest)}.",
            $"Budgets add {Units.Duration(budgets.Check.P50)} p50 (the check) to a turn of {Units.Duration(budgets.Turn.P50)} on an instant model; the charge " +
            $"({Units.Duration(budgets.Charge.P50)} p50, three budget grain writes) runs after the reply, before the session's next check.",
        ];
        var method =
            $"Compaction: the real silo web host (local profile) with the scripted OpenAI-compatible server; one session talks {Turns} turns to a model " +
            $"with no configured window (it is sent the recent transcript, up to 200 messages), another the same turns to a model configured with an " +
            $"{Window:#,0}-token window (compaction at 85%, the newest turns kept within 30%). Tokens are counted from the requests the server received, " +
            "at four characters a token plus four a message, as Hermes estimates them. Budgets: the silo with the in-process instant model, one session's " +
            $"turns in sequence from a client in the silo ({BudgetSamples:#,0} after 200 unmeasured), then the budget check and charge those turns make " +
            $"(`TurnBudgets`), {BudgetSamples:#,0} each, timed alone.";
        return new ScenarioReport("Long-lived conversations: compaction and budgets", method, [tokens, overhead], headlines);
    }

    private static string Share(TimeSpan part, TimeSpan whole) => $"{part / whole:P0}";

    /// <summary>Tokens one session sent: in its turns' requests (sum and largest), and in summary requests.</summary>
    private sealed record Sent(long Turns, int Largest, long Summaries);
}
