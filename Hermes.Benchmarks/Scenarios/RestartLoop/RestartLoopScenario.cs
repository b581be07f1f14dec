using System.Diagnostics;
using System.Globalization;
using Hermes.Benchmarks.Harness;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using Spectre.Console;

namespace Hermes.Benchmarks.Scenarios.RestartLoop;

/// <summary>
/// The ancestor's incident, replayed against the real <c>Hermes.Silo</c> program: a session with two stdio MCP servers
/// whose primary model answers 400 to every message, under Hermes' rule (on a silo with the shipped defaults) and under the
/// ancestor's two policies (on a silo whose servers start with the session, as the ancestor's started with its agent).
/// </summary>
internal sealed class RestartLoopScenario : IBenchmarkScenario
{
    private const int Messages = 200;
    // The same for every policy, on throwaway sessions of the silo it runs on. First the turn path every policy shares,
    // played without any release: after 100 messages the CPU of a later turn still varied from 3 to 6 ms as the runtime
    // compiled its hot methods at their final tier; after 600 it holds. Then a few under the run's own policy, for the
    // paths that only releasing policies take (release, rebuild, respawn), few enough that starting two servers per
    // message stays affordable.
    private const int TurnPathWarmUpMessages = 600;
    private const int PolicyWarmUpMessages = 20;
    private const string Primary = "primary-model";
    private const string Fallback = "fallback-model";
    private static readonly TimeSpan ServersGoneWithin = TimeSpan.FromSeconds(10);

    public string Name => "restart-loop";

    public async Task<ScenarioReport> RunAsync(ProgressContext progress)
    {
        var silos = SessionPolicy.All.GroupBy(policy => policy.ServersStartWithSession).ToArray();
        var warmUp = progress.AddTask("restart loop: start Hermes.Silo, warm up", maxValue: silos.Length * RestartLoopCase.All.Count);
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script(Primary, Scripts.InvalidModel(Primary));
        List<RestartLoopResult> results = [];

        // One silo at a time, so that neither pays for the other's idle work.
        foreach (var silo in silos)
        {
            results.AddRange(await RunOnSiloAsync(progress, models, silo.Key, [.. silo], results.Count, warmUp));
        }

        return Report(results);
    }

    private static async Task<List<RestartLoopResult>> RunOnSiloAsync(
        ProgressContext progress, ScriptedModelServer models, bool serversStartWithSession, SessionPolicy[] policies, int runsBefore, ProgressTask warmUp)
    {
        using var folder = new TempFolder();
        var marker = Guid.NewGuid().ToString("N");
        IEnumerable<KeyValuePair<string, string?>> start = serversStartWithSession
            ? [new("Hermes:Mcp:Servers:everything:start", "with-session"), new("Hermes:Mcp:Servers:memory:start", "with-session")]
            : [];
        await using var silo = SiloProcess.Start([
            new("Hermes:Local:DataFolder", folder.Path),
            new("Hermes:Model:BaseUrl", models.BaseUrl.ToString()),
            new("Hermes:Model:ApiKey", "benchmark-key"),
            new("Hermes:Model:Primary", Primary),
            new("Hermes:Model:Fallbacks:0", Fallback),
            .. McpServers.Everything("everything", marker),
            .. McpServers.Memory("memory", marker, folder.File("memory.jsonl")),
            .. start,
        ]);
        await using var frontEnd = await FrontEnd.StartAsync([silo.GatewayPort], SiloStartRetry.Configure);
        var client = frontEnd.Client;

        // Every run gets the same warm-up: the shared turn path, then its own policy. Policies that make the same calls in a
        // case share one run: every turn of a case ends alike, so the warm-up's last turn tells which policies release after it.
        var turnPath = policies[0] with { Name = "warm-up", ReleasesAfter = _ => false };
        List<(RestartLoopCase Case, SessionPolicy[] Policies)> runs = [];
        foreach (var @case in RestartLoopCase.All)
        {
            await RunAsync(client, silo.ProcessId, models, @case, turnPath, TurnPathWarmUpMessages, task: null);
            var pending = policies.ToList();
            while (pending.Count > 0)
            {
                var sample = await RunAsync(client, silo.ProcessId, models, @case, pending[0], PolicyWarmUpMessages, task: null);
                var releases = pending[0].ReleasesAfter(sample.LastTurn);
                SessionPolicy[] alike = [.. pending.Where(policy => policy.ReleasesAfter(sample.LastTurn) == releases)];
                runs.Add((@case, alike));
                pending.RemoveAll(alike.Contains);
            }

            warmUp.Increment(1);
        }

        var tasks = runs.Select(run => progress.AddTask($"{run.Case.Label}: {string.Join(", ", run.Policies.Select(policy => policy.Name))}", autoStart: false, maxValue: Messages)).ToArray();
        List<RestartLoopResult> results = [];
        foreach (var ((@case, alike), task) in runs.Zip(tasks))
        {
            task.StartTask();
            await QuietWait.UntilQuietAsync(silo.ProcessId);
            var measured = await RunAsync(client, silo.ProcessId, models, @case, alike[0], Messages, task);
            results.Add(new RestartLoopResult(
                runsBefore + results.Count + 1, @case, alike, alike[0].ReleasesAfter(measured.LastTurn), Messages, measured.ServersStarted, measured.AgentsBuilt, measured.Cpu, measured.FirstTurnCpu, measured.Elapsed, measured.Turns));
        }

        return results;
    }

    private static async Task<(TurnResult LastTurn, int ServersStarted, int AgentsBuilt, TimeSpan Cpu, TimeSpan FirstTurnCpu, TimeSpan Elapsed, Latencies Turns)> RunAsync(
        IClusterClient client, int siloPid, ScriptedModelServer models, RestartLoopCase @case, SessionPolicy policy, int messages, ProgressTask? task)
    {
        models.Script(Fallback, @case.Fallback(Fallback));
        var session = client.GetSessionGrain(SessionKey.ForDm("benchmark", Guid.NewGuid().ToString("N")));
        var census = new McpProcessCensus(siloPid);
        var turnTimes = new long[messages];
        TurnResult? turn = null;
        var cpuBefore = ProcessTreeCpu.Of(siloPid);
        var clock = Stopwatch.StartNew();
        var cpuAfterFirst = cpuBefore;
        for (var i = 0; i < messages; i++)
        {
            var started = Stopwatch.GetTimestamp();
            turn = await session.SendAsync($"message {i}");
            var answered = Stopwatch.GetTimestamp();

            // Outside the timed part: the servers this turn used are alive now, so the census sees every one started.
            census.Look();
            if (!@case.Expected(turn))
            {
                throw new InvalidOperationException($"{@case.Label}, {policy.Name}: turn {i} ended {turn.Outcome} ({turn.Reply}), not as the case says.");
            }

            var releasing = Stopwatch.GetTimestamp();
            if (policy.ReleasesAfter(turn))
            {
                await session.ReleaseAsync();
            }

            turnTimes[i] = answered - started + (Stopwatch.GetTimestamp() - releasing);
            if (i == 0)
            {
                cpuAfterFirst = ProcessTreeCpu.Of(siloPid);
            }

            task?.Increment(1);
        }

        var cpu = ProcessTreeCpu.Of(siloPid) - cpuBefore;
        var elapsed = clock.Elapsed;
        var agentsBuilt = (await session.GetSnapshotAsync()).Counters.AgentsBuilt;
        await session.ReleaseAsync();
        await WaitForServersToEndAsync(census);
        return (turn!, census.Seen, agentsBuilt, cpu, cpuAfterFirst - cpuBefore, elapsed, Latencies.Of(turnTimes));
    }

    // The next run starts with no server of this one left, so that neither its CPU nor its census sees them.
    private static async Task WaitForServersToEndAsync(McpProcessCensus census)
    {
        var waited = Stopwatch.StartNew();
        while (census.Look() > 0)
        {
            if (waited.Elapsed > ServersGoneWithin)
            {
                throw new InvalidOperationException("MCP servers still run after their session released them.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }

    private static ScenarioReport Report(IReadOnlyList<RestartLoopResult> results)
    {
        var runs = new ResultTable(
            $"{Messages} messages per session, two stdio MCP servers (server-everything, server-memory)",
            "case", "policy", "run", "after each turn", "MCP processes started", "agents built", "silo CPU", "CPU per turn", "of which turn 1", "wall per turn (mean)", "wall per turn (p50)", "CPU ÷ wall");
        foreach (var @case in RestartLoopCase.All)
        {
            foreach (var policy in SessionPolicy.All)
            {
                var result = Find(results, @case, policy);
                runs.Add(
                    @case.Label,
                    policy.Name,
                    result.Number.ToString(CultureInfo.InvariantCulture),
                    $"{(result.Releases ? "release agent and MCP" : "nothing from outside")} (servers start {policy.ServersStart})",
                    Units.Count(result.ServersStarted),
                    Units.Count(result.AgentsBuilt),
                    Units.Duration(result.Cpu),
                    Units.Duration(result.CpuPerTurn),
                    TurnOneCpu(result.FirstTurnCpu),
                    Units.Duration(result.Turns.Mean),
                    Units.Duration(result.Turns.P50),
                    result.CoresBusy.ToString("0.00", CultureInfo.InvariantCulture));
            }
        }

        var ratios = new ResultTable(
            "Hermes against the ancestor, same case", "case", "against", "CPU per turn, turn 1 included", "CPU per turn after turn 1", "MCP processes started", "wall per turn (mean)");
        foreach (var @case in RestartLoopCase.All)
        {
            var hermes = Find(results, @case, SessionPolicy.Hermes);
            foreach (var policy in new[] { SessionPolicy.AncestorBeforeFix, SessionPolicy.AncestorAfterFix })
            {
                var ancestor = Find(results, @case, policy);
                ratios.Add(
                    @case.Label,
                    policy.Name,
                    Less(ancestor.CpuPerTurn / hermes.CpuPerTurn),
                    Less(ancestor.CpuPerLaterTurn / hermes.CpuPerLaterTurn),
                    $"{Units.Count(hermes.ServersStarted)} against {Units.Count(ancestor.ServersStarted)}",
                    Less(ancestor.Turns.Mean / hermes.Turns.Mean));
            }
        }

        var failing = Find(results, RestartLoopCase.FallbackFails, SessionPolicy.Hermes);
        var preFix = Find(results, RestartLoopCase.FallbackFails, SessionPolicy.AncestorBeforeFix);
        var answering = Find(results, RestartLoopCase.FallbackAnswers, SessionPolicy.Hermes);
        var postFix = Find(results, RestartLoopCase.FallbackAnswers, SessionPolicy.AncestorAfterFix);
        string[] headlines =
        [
            $"Restart loop (a), both models failing, {Messages} messages: Hermes spends {Units.Duration(failing.CpuPerTurn)} of silo CPU per turn " +
            $"against {Units.Duration(preFix.CpuPerTurn)} for the ancestor before its fix, turn 1 included: {Less(preFix.CpuPerTurn / failing.CpuPerTurn)} " +
            $"(target ≥ 1,000×); after turn 1, {Units.Duration(failing.CpuPerLaterTurn)} against {Units.Duration(preFix.CpuPerLaterTurn)}: " +
            $"{Less(preFix.CpuPerLaterTurn / failing.CpuPerLaterTurn)} (turn 1 alone: {TurnOneCpu(failing.FirstTurnCpu)} against " +
            $"{TurnOneCpu(preFix.FirstTurnCpu)}); MCP processes started: {failing.ServersStarted} against {preFix.ServersStarted} (target 0).",
            $"Restart loop (b), fallback answering, {Messages} messages: Hermes spends {Units.Duration(answering.CpuPerTurn)} per turn against " +
            $"{Units.Duration(postFix.CpuPerTurn)} for the ancestor after its fix, turn 1 included: {Less(postFix.CpuPerTurn / answering.CpuPerTurn)} " +
            $"(target ≥ 100×); after turn 1, {Units.Duration(answering.CpuPerLaterTurn)} against {Units.Duration(postFix.CpuPerLaterTurn)}: " +
            $"{Less(postFix.CpuPerLaterTurn / answering.CpuPerLaterTurn)}; MCP processes started: {answering.ServersStarted} against " +
            $"{postFix.ServersStarted}, with {answering.AgentsBuilt} agents built by Hermes.",
        ];

        var method =
            "The real `Hermes.Silo` program runs as a child process (local profile, SQLite store, logging and telemetry as shipped) with two " +
            "stdio MCP servers per session, started with `node` from the npm packages of `Hermes.Tests/mcp-servers`. Its model endpoint is " +
            "the scripted OpenAI-compatible server on 127.0.0.1, whose primary model answers every request with HTTP 400 \"not a valid " +
            "model ID\"; in case (a) the fallback answers the same way, in case (b) it answers with text. No turn calls a tool. A front-end " +
            $"client on loopback sends {Messages} messages, one after another, to a new session per run. Hermes' rule runs inside the grain, " +
            "on a silo with the shipped defaults (a session's servers start on a tool's first call). The ancestor started its MCP servers " +
            "with every agent it built, so its two policies run on a second silo, alike but for `Hermes:Mcp:Servers:{name}:start = " +
            "with-session` (a session's servers start when it speaks), the two silos one after the other. There they are played from outside " +
            "by calling the operator operation `ISessionGrain.ReleaseAsync` (drop the agent and close its MCP connections) after each turn " +
            "they would have dropped both after: a turn a fallback answered (after its fix), any turn that reached the fallback (before it); " +
            "the next message builds the agent again and starts its servers again. Policies that make the same calls in a case share one " +
            "run (same run number): in (b) every turn is a fallback success, so the ancestor releases after each turn before and after its " +
            "fix. MCP processes started are counted from `/proc` after every turn (distinct `HERMES_MCP_PROCESS` marks of the silo's " +
            "children); agents built is the session's own counter. Silo CPU is read from `/proc/{pid}/stat` before and after the messages " +
            "(and after the first): the silo's user and system time, that of the children it reaped, and that of its live descendants, " +
            "counted by the kernel in ticks of 10 ms (a turn 1 below one tick shows as \"< 10 ms\"); " +
            "turn 1 is shown apart (it builds the session's first agent and, where servers start with the session, starts them), and the " +
            "ratios are given with it and without it. Wall per turn is the call and, when the policy asks for it, the release; CPU ÷ wall " +
            "divides the silo CPU by the wall time between its two readings (which also holds the process census after each turn). " +
            $"Every run gets the same warm-up on throwaway sessions of its silo: {TurnPathWarmUpMessages} messages of its case with no release " +
            $"(the turn path all policies share), then {PolicyWarmUpMessages} under its own policy; then, before each run, the benchmark waits " +
            "until the silo has used under 10% of a core for a whole second, so that the runtime's background compilation is not charged " +
            "to the run. The targets are the issues': ≥ 1,000× less CPU per turn in (a) " +
            "against the ancestor before its fix, turn 1 included, and 0 MCP processes started by sessions that call no tool; ≥ 100× in (b).";
        return new ScenarioReport("1. Restart loop: the ancestor's incident", method, [runs, ratios], headlines);
    }

    // One turn can cost less than the clock's tick: said so, rather than shown as no CPU at all.
    private static string TurnOneCpu(TimeSpan cpu) => cpu < ProcessTreeCpu.Resolution ? $"< {Units.Duration(ProcessTreeCpu.Resolution)}" : Units.Duration(cpu);

    // Hermes' cost against the other policy's: "less" when Hermes spends less, else "more", never "0.4× less".
    private static string Less(double ratio) => ratio >= 1 ? $"{Units.Ratio(ratio)} less" : $"{Units.Ratio(1 / ratio)} more";

    private static RestartLoopResult Find(IEnumerable<RestartLoopResult> results, RestartLoopCase @case, SessionPolicy policy) =>
        results.Single(result => result.Case == @case && result.Policies.Contains(policy));
}
