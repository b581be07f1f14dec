using System.Diagnostics;
using System.Globalization;
using Hermes.Benchmarks.Cluster;
using Hermes.Benchmarks.Grains;
using Hermes.Benchmarks.Harness;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Agents;
using Hermes.Grains.Mcp;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Hermes.Benchmarks.Scenarios.TurnOverhead;

/// <summary>
/// What hosting a session as a grain adds to a turn: turns through <see cref="SessionGrain"/> with a model that answers at
/// once, against the same agent called directly and against a grain that does nothing, from a client inside the silo and
/// from a front-end over loopback, at 1, 100 and 1,000 sessions at once.
/// </summary>
internal sealed class TurnOverheadScenario : IBenchmarkScenario
{
    private static readonly int[] Sessions = [1, 100, 1_000];
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
    private const int WarmUpSessions = 20;
    private static readonly TimeSpan WarmUpWindow = TimeSpan.FromSeconds(1);
    private const string Direct = "agent called directly, no Orleans";
    private const string PingInSilo = "grain ping, client in the silo";
    private const string PingExternal = "grain ping, front-end over loopback";
    private const string TurnInSilo = "SessionGrain turn, client in the silo";
    private const string TurnExternal = "SessionGrain turn, front-end over loopback";

    public string Name => "turn-overhead";

    public async Task<ScenarioReport> RunAsync(ProgressContext progress)
    {
        var (paths, results) = await MeasureInstantModelAsync(progress);

        // Then the real model client: a silo of its own, after the first has stopped.
        var provider = await ProviderTurnOverhead.MeasureAsync(progress);
        return Report(paths, results, provider);
    }

    private static async Task<(TurnPath[] Paths, Dictionary<(int Sessions, string Path), (LoadResult Load, Latencies? Writes)> Results)> MeasureInstantModelAsync(ProgressContext progress)
    {
        var starting = progress.AddTask("turn overhead: start the silo and a front-end", maxValue: 1);
        await using var silo = await InstantModelSilo.StartAsync();
        await using var frontEnd = await FrontEnd.StartAsync([silo]);
        using var writes = new StateWriteRecorder();
        starting.Increment(1);

        var inSilo = silo.Services.GetRequiredService<IGrainFactory>();
        var agents = silo.Services.GetRequiredService<IAgentFactory>();
        await using var noMcp = await silo.Services.GetRequiredService<IMcpConnectionPool>().OpenAsync("benchmark-direct", CancellationToken.None);
        TurnPath[] paths =
        [
            new(Direct, count => DirectAgents(agents, noMcp, count), IsTurn: false),
            new(PingInSilo, count => Pings(inSilo, count), IsTurn: false),
            new(PingExternal, count => Pings(frontEnd.Client, count), IsTurn: false),
            new(TurnInSilo, count => Turns(inSilo, count), IsTurn: true),
            new(TurnExternal, count => Turns(frontEnd.Client, count), IsTurn: true),
        ];

        // Every path runs unmeasured first, long enough for the runtime to compile its hot code at the final tier.
        var warmUp = progress.AddTask("turn overhead: warm up every path", maxValue: paths.Length);
        foreach (var path in paths)
        {
            await ClosedLoop.RunAsync(WarmUpSessions, path.Prepare(WarmUpSessions), WarmUpWindow);
            warmUp.Increment(1);
        }

        var measuring = progress.AddTask("turn overhead: 5 paths × 3 loads", maxValue: Sessions.Length * paths.Length);
        Dictionary<(int Sessions, string Path), (LoadResult Load, Latencies? Writes)> results = [];
        foreach (var sessions in Sessions)
        {
            await QuietWait.UntilQuietAsync(Environment.ProcessId);
            foreach (var path in paths)
            {
                measuring.Description = $"turn overhead: {sessions.ToString("#,0", CultureInfo.InvariantCulture)} at once, {path.Name}";
                var load = await ClosedLoop.RunAsync(sessions, path.Prepare(sessions), Window);
                results[(sessions, path.Name)] = (load, path.IsTurn ? WritesDuring(writes, load) : null);
                measuring.Increment(1);
            }
        }

        return (paths, results);
    }

    private static Func<int, Task> DirectAgents(IAgentFactory agents, McpSessionHandles noMcp, int count)
    {
        var blueprint = agents.Describe(modelOverride: null) ?? throw new InvalidOperationException("The silo has no model configured.");
        var pool = Enumerable.Range(0, count).Select(_ => agents.Create(blueprint, noMcp)).ToArray();
        return async worker =>
        {
            var turn = await pool[worker].RunAsync([], "What is the time?", report: null, CancellationToken.None);
            Completed(turn.Outcome);
        };
    }

    private static Func<int, Task> Pings(IGrainFactory grains, int count)
    {
        var batch = Guid.NewGuid().ToString("N");
        var pings = Enumerable.Range(0, count).Select(worker => grains.GetGrain<IPingGrain>($"{batch}/{worker}")).ToArray();
        return worker => pings[worker].PingAsync();
    }

    private static Func<int, Task> Turns(IGrainFactory grains, int count)
    {
        var batch = Guid.NewGuid().ToString("N");
        var sessions = Enumerable.Range(0, count).Select(worker => grains.GetSessionGrain(SessionKey.ForDm("benchmark", $"{batch}-{worker}"))).ToArray();
        return async worker => Completed((await sessions[worker].SendAsync("What is the time?")).Outcome);
    }

    /// <summary>The state writes recorded inside the measured window of <paramref name="load"/>.</summary>
    private static Latencies WritesDuring(StateWriteRecorder writes, LoadResult load) => Latencies.Of(
        [.. writes.Writes.Where(write => write.At >= load.WindowStart && write.At < load.WindowEnd).Select(write => (long)(write.Seconds * Stopwatch.Frequency))]);

    private static void Completed(TurnOutcome outcome)
    {
        if (outcome != TurnOutcome.Completed)
        {
            throw new InvalidOperationException($"A turn ended {outcome}; the instant model always answers.");
        }
    }

    private static ScenarioReport Report(
        IReadOnlyList<TurnPath> paths,
        Dictionary<(int Sessions, string Path), (LoadResult Load, Latencies? Writes)> results,
        (ResultTable Turns, ResultTable FirstToken, string Headline) provider)
    {
        var table = new ResultTable("Latency and throughput", "sessions at once", "path", "p50", "p99", "per second", "state write p50");
        foreach (var sessions in Sessions)
        {
            foreach (var path in paths)
            {
                var (load, written) = results[(sessions, path.Name)];
                table.Add(
                    Units.Count(sessions),
                    path.Name,
                    Units.Duration(load.Latencies.P50),
                    Units.Duration(load.Latencies.P99),
                    Units.Count(Math.Round(load.PerSecond)),
                    written is null ? "" : Units.Duration(written.P50));
            }
        }

        // With one session the p50 is the cost of a turn; under load it is mostly queueing, so the loaded rows compare the
        // time each operation takes of the machine (1 ÷ throughput) instead.
        var added = new ResultTable(
            "What the grain adds to a turn: p50 with one session, 1 ÷ throughput with more", "sessions at once", "client", "turn", "agent alone", "added", "of which a bare grain call");
        foreach (var sessions in Sessions)
        {
            TimeSpan Cost(string path) => sessions == 1
                ? results[(sessions, path)].Load.Latencies.P50
                : TimeSpan.FromSeconds(1 / results[(sessions, path)].Load.PerSecond);
            var direct = Cost(Direct);
            foreach (var (client, turn, ping) in new[] { ("in the silo", TurnInSilo, PingInSilo), ("front-end over loopback", TurnExternal, PingExternal) })
            {
                added.Add(Units.Count(sessions), client, Units.Duration(Cost(turn)), Units.Duration(direct), Units.Duration(Cost(turn) - direct), Units.Duration(Cost(ping)));
            }
        }

        var one = results[(1, TurnInSilo)];
        var oneExternal = results[(1, TurnExternal)];
        var alone = results[(1, Direct)].Load.Latencies.P50;
        var busiest = results[(1_000, TurnExternal)].Load;
        string[] headlines =
        [
            $"Turn overhead, one session: a turn through SessionGrain takes {Units.Duration(one.Load.Latencies.P50)} p50 from a client in the silo and " +
            $"{Units.Duration(oneExternal.Load.Latencies.P50)} from a front-end over loopback, against {Units.Duration(alone)} for the agent called directly; " +
            $"the durable state write is {Units.Duration(one.Writes?.P50 ?? TimeSpan.Zero)} p50 of it.",
            $"Turn overhead, 1,000 sessions at once from a front-end: {Units.Count(Math.Round(busiest.PerSecond))} turns per second, p50 {Units.Duration(busiest.Latencies.P50)}, p99 {Units.Duration(busiest.Latencies.P99)}.",
            provider.Headline,
        ];

        var method =
            "The real silo web host runs in the benchmark's process (local profile: SQLite store in a fresh folder, dashboard and " +
            "telemetry as shipped), every model of the chain answered at once by an in-process `IChatClient` that replaces the OpenAI " +
            "provider through `IModelClientFactory`, and no MCP server. Each path runs as a closed loop: one worker per session sends " +
            "its next message as soon as the last one is answered. Each worker first sends two messages unmeasured (activation, " +
            $"connections, JIT), then the loop runs 0.5 s to settle and {Window.TotalSeconds:0} s measured; the operations that start inside " +
            "the window are the sample (p50, p99 by nearest rank), each timed from the moment its worker is ready to send it (so the wait " +
            "for a thread counts) to its answer, and the operations that end inside it, per second, are the throughput. In a closed loop " +
            "with many sessions the latency is therefore about sessions ÷ throughput: it shows queueing, and the cost of one operation is " +
            "1 ÷ throughput. Before any of this, each " +
            $"path runs {WarmUpSessions} workers for {WarmUpWindow.TotalSeconds:0} s unmeasured, and before the loads of each session count " +
            "the benchmark waits until its process has used under 10% of a core for a whole second (the runtime's background compilation has finished). " +
            "\"Agent called directly\" " +
            "is the agent a session builds (same factory, same model chain and tool loop), called with no history in this process; a " +
            "session turn also maps the transcript (up to 200 messages) to the model's context, records the turn and writes the " +
            "session's state to SQLite before answering. \"State write p50\" is Hermes' own histogram " +
            $"`{Hermes.Grains.Telemetry.HermesMetrics.StateWriteDurationName}` over the same window. The grain ping calls a grain with " +
            "an empty method. Each load uses fresh sessions; the front-end is Hermes' client host, in the same process, connected to " +
            "the silo's gateway on 127.0.0.1. " +
            "Then a second silo, alike but with the production model client (Microsoft.Extensions.AI's OpenAI provider through " +
            "Hermes' model pipeline and resilience handler), calls the scripted OpenAI-compatible server on 127.0.0.1, which answers " +
            "at once; one session at a time, the same closed loop times the OpenAI SDK calling that server directly (streamed, as " +
            "the agent always streams), the agent a session builds, and a session turn from the front-end. Last, streamed turns " +
            "(`ISessionGrain.StreamAsync` from the front-end) and direct SDK streams take turns going first, 200 each to warm up and " +
            "500 each measured, each timed from the call to its first non-empty text.";
        return new ScenarioReport("2. Turn overhead: what the grain layer costs", method, [table, added, provider.Turns, provider.FirstToken], headlines);
    }
}
