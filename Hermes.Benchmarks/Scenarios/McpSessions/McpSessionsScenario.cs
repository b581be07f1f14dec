using System.Collections.Concurrent;
using System.Diagnostics;
using Hermes.Benchmarks.Harness;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Mcp;
using Hermes.Tests.Infrastructure;
using Spectre.Console;

namespace Hermes.Benchmarks.Scenarios.McpSessions;

/// <summary>
/// Sessions per silo with MCP servers: many sessions with the two official stdio servers configured for each, a few of them
/// calling a tool, on the real <c>Hermes.Silo</c> program with its shipped MCP defaults; the silo's memory with its children,
/// the MCP processes it ran at most, and what a tool call costs when its session's server had been closed.
/// </summary>
internal sealed class McpSessionsScenario : IBenchmarkScenario
{
    private const int Sessions = 10_000;
    private const int TurnsPerSession = 2;
    // One session in fifty (2 %) asks for the tool in its first message.
    private const int ToolEvery = 50;
    // Few enough at once that SQLite's single writer keeps up on a busy 2-core machine (32 at once hit "database is locked").
    private const int Workers = 8;
    private const int RestartSamples = 5;
    private const string Model = "sessions-model";
    private const string ToolMessage = "call the tool";
    private static readonly string EchoTool = McpToolName.For("everything", "echo");
    private static readonly TimeSpan ClosedWithin = TimeSpan.FromMinutes(2);

    public string Name => "mcp-sessions";

    public async Task<ScenarioReport> RunAsync(ProgressContext progress)
    {
        var starting = progress.AddTask("MCP sessions: start Hermes.Silo", maxValue: 1);
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script(Model, request => request.LastToolResult is { } result ? new ScriptedAnswer.Text($"The tool said: {result}")
            : request.LastUserText == ToolMessage ? new ScriptedAnswer.ToolCall(EchoTool, """{"message":"hello"}""")
            : new ScriptedAnswer.Text("Noted."));
        using var folder = new TempFolder();
        var marker = Guid.NewGuid().ToString("N");
        await using var silo = SiloProcess.Start([
            new("Hermes:Local:DataFolder", folder.Path),
            new("Hermes:Model:BaseUrl", models.BaseUrl.ToString()),
            new("Hermes:Model:ApiKey", "benchmark-key"),
            new("Hermes:Model:Primary", Model),
            .. McpServers.Everything("everything", marker),
            .. McpServers.Memory("memory", marker, folder.File("memory.jsonl")),
        ]);
        await using var frontEnd = await FrontEnd.StartAsync([silo.GatewayPort], SiloStartRetry.Configure);
        var client = frontEnd.Client;
        var batch = Guid.NewGuid().ToString("N");
        ISessionGrain Session(int index) => client.GetSessionGrain(SessionKey.ForDm("benchmark", $"{batch}-{index}"));
        starting.Increment(1);

        await using var footprint = new SiloFootprint(silo.ProcessId);
        var idle = (footprint.SiloBytes, footprint.TreeBytes);
        var turns = progress.AddTask($"MCP sessions: {Sessions:#,0} sessions × {TurnsPerSession} turns, 1 in {ToolEvery} calling a tool", maxValue: Sessions * TurnsPerSession);
        ConcurrentBag<long> chatTurns = [], toolTurns = [];
        var storageFailures = 0;
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < TurnsPerSession; round++)
        {
            var next = -1;
            var callsTool = round == 0;
            await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < Sessions)
                {
                    var tool = callsTool && index % ToolEvery == 0;
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        var turn = await Session(index).SendAsync(tool ? ToolMessage : $"message {round}");
                        (tool ? toolTurns : chatTurns).Add(Stopwatch.GetTimestamp() - started);
                        Expect(turn, tool);
                    }
                    catch (OrleansException)
                    {
                        // The session's store refused the write; counted and reported, the run goes on.
                        Interlocked.Increment(ref storageFailures);
                    }

                    turns.Increment(1);
                }
            }));
        }

        var elapsed = clock.Elapsed;
        footprint.Sample();
        var afterTurns = (footprint.SiloBytes, footprint.TreeBytes, footprint.McpProcesses);

        // The restart cost: tool sessions whose server the pool has closed since (idle, or over the memory budget) call again.
        var restart = progress.AddTask("MCP sessions: tool calls on closed and on running servers", maxValue: RestartSamples * 2);
        var closed = await ClosedToolSessionsAsync(Session, RestartSamples);
        List<long> cold = [], warm = [];
        foreach (var index in closed)
        {
            cold.Add(await TimeToolTurnAsync(Session(index)));
            restart.Increment(1);
            warm.Add(await TimeToolTurnAsync(Session(index)));
            restart.Increment(1);
        }

        footprint.Sample();
        return Report(idle, afterTurns, footprint, elapsed, storageFailures, Latencies.Of(chatTurns.ToArray()), Latencies.Of(toolTurns.ToArray()), cold, warm);
    }

    private static void Expect(TurnResult turn, bool calledTool)
    {
        var expected = calledTool ? "The tool said: Echo: hello" : "Noted.";
        if (turn.Outcome != TurnOutcome.Completed || turn.Reply != expected)
        {
            throw new InvalidOperationException($"A turn ended {turn.Outcome} ({turn.Reply}), not with '{expected}'.");
        }
    }

    private static async Task<long> TimeToolTurnAsync(ISessionGrain session)
    {
        var started = Stopwatch.GetTimestamp();
        var turn = await session.SendAsync(ToolMessage);
        var elapsed = Stopwatch.GetTimestamp() - started;
        Expect(turn, calledTool: true);
        return elapsed;
    }

    // Tool sessions in the order they called, whose everything server no longer runs; the pool's sweep may still be due.
    private static async Task<List<int>> ClosedToolSessionsAsync(Func<int, ISessionGrain> session, int count)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            List<int> closed = [];
            for (var index = 0; index < Sessions && closed.Count < count; index += ToolEvery)
            {
                var snapshot = await session(index).GetSnapshotAsync();
                if (snapshot.McpServers.Any(server => server.Name == "everything" && server.State == McpServerState.Idle && server.ConnectionsOpened > 0))
                {
                    closed.Add(index);
                }
            }

            if (closed.Count == count || waited.Elapsed > ClosedWithin)
            {
                return closed;
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    private static ScenarioReport Report(
        (long Silo, long Tree) idle,
        (long Silo, long Tree, int Processes) afterTurns,
        SiloFootprint footprint,
        TimeSpan elapsed,
        int storageFailures,
        Latencies chatTurns,
        Latencies toolTurns,
        List<long> cold,
        List<long> warm)
    {
        var memory = new ResultTable(
            $"{Sessions:#,0} sessions with two stdio MCP servers each (server-everything, server-memory), {TurnsPerSession} turns each, 1 in {ToolEvery} calling a tool",
            "when", "silo resident", "silo with its children", "MCP processes");
        memory.Add("silo started, no session yet", Gib(idle.Silo), Gib(idle.Tree), "0");
        memory.Add($"after {Sessions * TurnsPerSession:#,0} turns", Gib(afterTurns.Silo), Gib(afterTurns.Tree), Units.Count(afterTurns.Processes));
        memory.Add("peak while running", Gib(footprint.PeakSiloBytes), Gib(footprint.PeakTreeBytes), Units.Count(footprint.PeakMcpProcesses));
        memory.Add("per session, after the turns", Units.Bytes((afterTurns.Silo - idle.Silo) / (double)Sessions), Units.Bytes((afterTurns.Tree - idle.Tree) / (double)Sessions), "");

        var latency = new ResultTable("Turn latency (front-end over loopback, model answering at once)", "turn", "count", "p50", "p99", "mean");
        latency.Add("failed by the session store (SQLite busy)", Units.Count(storageFailures), "", "", "");
        latency.Add("no tool", Units.Count(chatTurns.Count), Units.Duration(chatTurns.P50), Units.Duration(chatTurns.P99), Units.Duration(chatTurns.Mean));
        latency.Add("first tool call of a session (starts its server)", Units.Count(toolTurns.Count), Units.Duration(toolTurns.P50), Units.Duration(toolTurns.P99), Units.Duration(toolTurns.Mean));
        var coldLatency = cold.Count == 0 ? null : Latencies.Of(cold);
        var warmLatency = warm.Count == 0 ? null : Latencies.Of(warm);
        latency.Add("tool call after the pool closed the session's server (restart)", Units.Count(cold.Count), Show(coldLatency?.P50), Show(coldLatency?.P99), Show(coldLatency?.Mean));
        latency.Add("tool call right after, server running", Units.Count(warm.Count), Show(warmLatency?.P50), Show(warmLatency?.P99), Show(warmLatency?.Mean));

        string[] headlines =
        [
            $"MCP sessions: {Sessions:#,0} sessions with two stdio servers each ({Sessions / ToolEvery:#,0} calling a tool) peak at {Gib(footprint.PeakTreeBytes)} " +
            $"for the silo with its children (target ≤ 8 GiB) and {footprint.PeakMcpProcesses} MCP processes at once; a tool call whose server had been " +
            $"closed takes {Show(coldLatency?.P50)} p50 against {Show(warmLatency?.P50)} with the server running.",
        ];
        var method =
            "The real `Hermes.Silo` program runs as a child process with its shipped MCP defaults (servers start on a tool's first call, " +
            "idle close after 5 minutes, a 2,048 MB budget for the pool's processes, swept every 30 s, at most 100 processes), two stdio " +
            "servers configured per session (server-everything and server-memory, started with `node` from `Hermes.Tests/mcp-servers`), and " +
            "the scripted OpenAI-compatible server on 127.0.0.1 as its model, answering at once. A front-end over loopback sends " +
            $"{TurnsPerSession} messages to each of {Sessions:#,0} new sessions, {Workers} sessions at a time, a round over all sessions per " +
            $"message ({elapsed.TotalSeconds:0} s in all); in the first round every {ToolEvery}th session asks for a tool and the model calls " +
            "server-everything's `echo`, which starts that session's server. Resident memory (RSS) of the silo and of all its descendants " +
            "is read from `/proc` every 0.5 s; MCP processes are the silo's descendants carrying the pool's mark. Then tool sessions whose " +
            "server the pool has closed since (its state `Idle` in the session's snapshot) ask for the tool again, timed from the front-end, " +
            "and once more right after with the server running.";
        return new ScenarioReport("6. Sessions per silo with MCP servers", method, [memory, latency], headlines);
    }

    private static string Gib(long bytes) => $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB";

    private static string Show(TimeSpan? value) => value is { } time ? Units.Duration(time) : "none closed";
}
