using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using Hermes.Benchmarks.Harness;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Agents;
using Hermes.Grains.Mcp;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using Spectre.Console;

namespace Hermes.Benchmarks.Scenarios.TurnOverhead;

/// <summary>
/// The turn a user sees, model client included: Hermes' production model path (Microsoft.Extensions.AI's OpenAI provider,
/// the resilience pipeline, HTTP and JSON) against a loopback OpenAI-compatible server that answers at once, beside the SDK
/// calling the same server directly; and a streamed turn's time to its first token, through Hermes and directly.
/// </summary>
internal static class ProviderTurnOverhead
{
    private const string Model = "loopback-model";
    private const string Reply = "Done.";
    private const int WarmUpStreams = 200;
    private const int MeasuredStreams = 500;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    public static async Task<(ResultTable Turns, ResultTable FirstToken, string Headline)> MeasureAsync(ProgressContext progress)
    {
        var task = progress.AddTask("turn overhead: OpenAI provider over loopback", maxValue: 4 + WarmUpStreams + MeasuredStreams);
        await using var server = await ScriptedModelServer.StartAsync();
        server.Script(Model, Scripts.Reply(Reply));
        await using var silo = await TestSilo.StartAsync([
            new("Hermes:Model:BaseUrl", server.BaseUrl.ToString()),
            new("Hermes:Model:ApiKey", "benchmark-key"),
            new("Hermes:Model:Primary", Model),
        ]);
        await using var frontEnd = await FrontEnd.StartAsync([silo]);
        using var direct = new OpenAIClient(
                new ApiKeyCredential("benchmark-key"),
                new OpenAIClientOptions { Endpoint = server.BaseUrl, RetryPolicy = new ClientRetryPolicy(maxRetries: 0) })
            .GetChatClient(Model)
            .AsIChatClient();
        var agents = silo.Services.GetRequiredService<IAgentFactory>();
        await using var noMcp = await silo.Services.GetRequiredService<IMcpConnectionPool>().OpenAsync("benchmark-provider", CancellationToken.None);
        var agent = agents.Create(agents.Describe(modelOverride: null) ?? throw new InvalidOperationException("The silo has no model configured."), noMcp);
        var batch = Guid.NewGuid().ToString("N");
        var session = frontEnd.Client.GetSessionGrain(SessionKey.ForDm("benchmark", $"{batch}-provider"));

        // One at a time, each path warmed by its own loop: the SDK directly (streamed, as the agent always streams), the agent
        // a session builds, and the session's turn from a front-end.
        (string Name, Func<int, Task> Operation)[] paths =
        [
            ("OpenAI SDK called directly, streamed (`IChatClient` over HTTP)", async _ => Answered(await direct.GetStreamingResponseAsync("What is the time?").ToChatResponseAsync())),
            ("agent called directly, no Orleans (Hermes' model pipeline)", async _ => Completed((await agent.RunAsync([], "What is the time?", report: null, CancellationToken.None)).Outcome)),
            ("SessionGrain turn, front-end over loopback", async _ => Completed((await session.SendAsync("What is the time?")).Outcome)),
        ];
        List<(string Name, LoadResult Load)> loads = [];
        foreach (var (name, operation) in paths)
        {
            await ClosedLoop.RunAsync(1, operation, Window);
            loads.Add((name, await ClosedLoop.RunAsync(1, operation, Window)));
            task.Increment(1);
        }

        await QuietWait.UntilQuietAsync(Environment.ProcessId);
        List<long> throughHermes = new(MeasuredStreams), directly = new(MeasuredStreams);
        for (var i = -WarmUpStreams; i < MeasuredStreams; i++)
        {
            Func<Task<long>> viaHermes = () => FirstTokenThroughHermesAsync(session);
            Func<Task<long>> viaSdk = () => FirstTokenDirectlyAsync(direct);

            // Taking turns at going first keeps warm caches from favouring one side.
            var (first, second) = i % 2 == 0 ? (viaHermes, viaSdk) : (viaSdk, viaHermes);
            var firstTime = await first();
            var secondTime = await second();
            if (i >= 0)
            {
                throughHermes.Add(i % 2 == 0 ? firstTime : secondTime);
                directly.Add(i % 2 == 0 ? secondTime : firstTime);
            }

            task.Increment(1);
        }

        agent.Dispose();
        task.Increment(1);
        return Report(loads, Latencies.Of(throughHermes), Latencies.Of(directly));
    }

    private static async Task<long> FirstTokenThroughHermesAsync(ISessionGrain session)
    {
        var started = Stopwatch.GetTimestamp();
        long? first = null;
        await foreach (var update in session.StreamAsync("What is the time?"))
        {
            if (first is null && update is TextDelta { Text.Length: > 0 })
            {
                first = Stopwatch.GetTimestamp() - started;
            }
            else if (update is TurnFinished finished)
            {
                Completed(finished.Result.Outcome);
            }
        }

        return first ?? throw new InvalidOperationException("A streamed turn gave no text.");
    }

    private static async Task<long> FirstTokenDirectlyAsync(IChatClient direct)
    {
        var started = Stopwatch.GetTimestamp();
        long? first = null;
        await foreach (var update in direct.GetStreamingResponseAsync("What is the time?"))
        {
            if (first is null && update.Text.Length > 0)
            {
                first = Stopwatch.GetTimestamp() - started;
            }
        }

        return first ?? throw new InvalidOperationException("The stream gave no text.");
    }

    private static void Answered(ChatResponse response)
    {
        if (response.Text != Reply)
        {
            throw new InvalidOperationException($"The loopback model answered '{response.Text}', not '{Reply}'.");
        }
    }

    private static void Completed(TurnOutcome outcome)
    {
        if (outcome != TurnOutcome.Completed)
        {
            throw new InvalidOperationException($"A turn ended {outcome}; the loopback model always answers.");
        }
    }

    private static (ResultTable, ResultTable, string) Report(List<(string Name, LoadResult Load)> loads, Latencies hermes, Latencies direct)
    {
        var turns = new ResultTable("With the OpenAI provider against a loopback server that answers at once, one session", "path", "p50", "p99", "per second");
        foreach (var (name, load) in loads)
        {
            turns.Add(name, Units.Duration(load.Latencies.P50), Units.Duration(load.Latencies.P99), Units.Count(Math.Round(load.PerSecond)));
        }

        var firstToken = new ResultTable($"Time to first token of a streamed turn, {MeasuredStreams} each, one at a time", "path", "p50", "p99", "mean");
        firstToken.Add("through Hermes (`ISessionGrain.StreamAsync`, front-end over loopback)", Units.Duration(hermes.P50), Units.Duration(hermes.P99), Units.Duration(hermes.Mean));
        firstToken.Add("OpenAI SDK streaming from the same server directly", Units.Duration(direct.P50), Units.Duration(direct.P99), Units.Duration(direct.Mean));
        firstToken.Add("added by Hermes", Units.Duration(hermes.P50 - direct.P50), Units.Duration(hermes.P99 - direct.P99), Units.Duration(hermes.Mean - direct.Mean));
        var session = loads[^1].Load.Latencies.P50;
        var sdk = loads[0].Load.Latencies.P50;
        var headline =
            $"Turn overhead with the OpenAI provider over loopback: a session turn from a front-end takes {Units.Duration(session)} p50 against " +
            $"{Units.Duration(sdk)} for the SDK calling the same server directly; a streamed turn's first token comes {Units.Duration(hermes.P50 - direct.P50)} " +
            $"later through Hermes at p50 ({Units.Duration(hermes.P50)} against {Units.Duration(direct.P50)}; target under 1 ms added).";
        return (turns, firstToken, headline);
    }
}
