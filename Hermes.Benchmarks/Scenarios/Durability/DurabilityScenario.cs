using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hermes.Benchmarks.Cluster;
using Hermes.Benchmarks.Harness;
using Hermes.Contracts.Sessions;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Hermes.Benchmarks.Scenarios.Durability;

/// <summary>
/// Durable turns per second with the instant model (every turn's state written before its reply returns): the local
/// profile's SQLite store at 1 to 20,000 sessions at once, the cluster profile's Redis (append-only file fsynced on every
/// write) at 1,000; the fsyncs each turn costs; and the bytes one session's turn writes at turn 10 and at turn 1,000.
/// </summary>
internal sealed class DurabilityScenario : IBenchmarkScenario
{
    private const string Text = "What is the time?";
    private const string Reply = "Done.";
    private static readonly (string Profile, int Sessions, TimeSpan Window)[] Loads =
    [
        ("local (SQLite)", 1, TimeSpan.FromSeconds(3)),
        ("local (SQLite)", 100, TimeSpan.FromSeconds(3)),
        ("local (SQLite)", 1_000, TimeSpan.FromSeconds(5)),
        ("local (SQLite)", 5_000, TimeSpan.FromSeconds(8)),
        ("local (SQLite)", 20_000, TimeSpan.FromSeconds(10)),
        ("cluster (Redis, appendfsync always)", 1_000, TimeSpan.FromSeconds(5)),
    ];

    /// <summary>Names the loads to run by their sessions, e.g. <c>5000,20000</c>; every load when unset.</summary>
    private const string OnlySessionsVariable = "HERMES_DURABILITY_SESSIONS";

    private static readonly int[] BytesAtTurns = [10, 1_000];
    private static readonly TimeSpan BusyRetry = TimeSpan.FromMilliseconds(200);

    public string Name => "durability";

    public async Task<ScenarioReport> RunAsync(ProgressContext progress)
    {
        var loads = SelectedLoads();
        var measuring = progress.AddTask("durability: loads", maxValue: loads.Length + 1);
        List<(string Profile, int Sessions, string Cells)> failures = [];
        Dictionary<(string Profile, int Sessions), (LoadResult Load, double? FsyncsPerTurn, long Busy)> results = [];
        Dictionary<int, long> bytesAt;

        await using (var silo = await InstantModelSilo.StartAsync())
        {
            bytesAt = await BytesPerTurnAsync(silo);
            measuring.Increment(1);
            foreach (var (profile, sessions, window) in loads.Where(load => load.Profile.StartsWith("local", StringComparison.Ordinal)))
            {
                await MeasureAsync(silo, Environment.ProcessId, profile, sessions, window, results, failures);
                measuring.Increment(1);
            }
        }

        if (!loads.Any(load => load.Profile.StartsWith("cluster", StringComparison.Ordinal)))
        {
            return Report(loads, results, failures, bytesAt);
        }

        await using (var redis = await RedisServer.StartAsync(durable: true))
        await using (var silo = await InstantModelSilo.StartAsync(
            new("Orleans:Clustering:ProviderType", "Redis"),
            new("Orleans:Clustering:ConnectionString", redis.ConnectionString),
            new("Orleans:ClusterId", $"durability-{Guid.NewGuid():N}")))
        {
            foreach (var (profile, sessions, window) in loads.Where(load => load.Profile.StartsWith("cluster", StringComparison.Ordinal)))
            {
                await MeasureAsync(silo, redis.ProcessId, profile, sessions, window, results, failures);
                measuring.Increment(1);
            }
        }

        return Report(loads, results, failures, bytesAt);
    }

    private static (string Profile, int Sessions, TimeSpan Window)[] SelectedLoads()
    {
        if (Environment.GetEnvironmentVariable(OnlySessionsVariable) is not { Length: > 0 } only)
        {
            return Loads;
        }

        var sessions = only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(count => int.Parse(count, CultureInfo.InvariantCulture)).ToHashSet();
        return [.. Loads.Where(load => sessions.Contains(load.Sessions))];
    }

    private static async Task MeasureAsync(
        TestSilo silo, int storePid, string profile, int sessions, TimeSpan window,
        Dictionary<(string, int), (LoadResult, double?, long)> results, List<(string, int, string)> failures)
    {
        await QuietWait.UntilQuietAsync(Environment.ProcessId);
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var batch = Guid.NewGuid().ToString("N");
        var keys = Enumerable.Range(0, sessions).Select(worker => grains.GetSessionGrain(SessionKey.ForDm("durability", $"{batch}-{worker}"))).ToArray();
        long turns = 0;
        long busy = 0;
        await using var fsyncs = await FsyncCount.StartAsync(storePid);
        try
        {
            var load = await ClosedLoop.RunAsync(sessions, async worker =>
            {
                while (true)
                {
                    try
                    {
                        var turn = await keys[worker].SendAsync(Text);
                        if (turn.Outcome != TurnOutcome.Completed)
                        {
                            throw new InvalidOperationException($"A turn ended {turn.Outcome}; the instant model always answers.");
                        }

                        Interlocked.Increment(ref turns);
                        return;
                    }
                    catch (SessionUnavailableException)
                    {
                        // The silo's limit answered busy: send again a little later, as a front-end does.
                        Interlocked.Increment(ref busy);
                        await Task.Delay(BusyRetry);
                    }
                }
            }, window);
            var counted = await fsyncs.StopAsync();
            results[(profile, sessions)] = (load, counted is { } calls ? (double)calls / Interlocked.Read(ref turns) : null, Interlocked.Read(ref busy));
        }
        catch (Exception failure)
        {
            failures.Add((profile, sessions, $"{failure.GetType().Name}: {failure.Message.ReplaceLineEndings(" ")}"));
        }
    }

    /// <summary>One session takes 1,000 turns one after another; the bytes its turn 10 and its turn 1,000 wrote, read from the store.</summary>
    private static async Task<Dictionary<int, long>> BytesPerTurnAsync(TestSilo silo)
    {
        var key = SessionKey.ForDm("durability", $"long-{Guid.NewGuid():N}");
        var session = silo.Services.GetRequiredService<IGrainFactory>().GetSessionGrain(key);
        Dictionary<int, long> bytes = [];
        for (var turn = 1; turn <= BytesAtTurns.Max(); turn++)
        {
            if (BytesAtTurns.Contains(turn))
            {
                bytes[turn] = await StoredTurnBytes.OfTurnAsync(Path.Combine(silo.DataFolder, "sessions.db"), key.ToString(), () => session.SendAsync(Text));
            }
            else
            {
                await session.SendAsync(Text);
            }
        }

        return bytes;
    }

    private static ScenarioReport Report(
        (string Profile, int Sessions, TimeSpan Window)[] loads,
        Dictionary<(string Profile, int Sessions), (LoadResult Load, double? FsyncsPerTurn, long Busy)> results, List<(string Profile, int Sessions, string Cells)> failures, Dictionary<int, long> bytesAt)
    {
        var table = new ResultTable("Durable turns per second, instant model, client in the silo", "store", "sessions at once", "turns per second", "p50", "p99", "fsyncs per turn", "busy answers");
        foreach (var (profile, sessions, _) in loads)
        {
            if (results.TryGetValue((profile, sessions), out var result))
            {
                table.Add(profile, Units.Count(sessions), Units.Count(Math.Round(result.Load.PerSecond)), Units.Duration(result.Load.Latencies.P50),
                    Units.Duration(result.Load.Latencies.P99), result.FsyncsPerTurn is { } perTurn ? perTurn.ToString("0.000", CultureInfo.InvariantCulture) : "n/a", Units.Count(result.Busy));
            }
            else
            {
                var failure = failures.First(entry => entry.Profile == profile && entry.Sessions == sessions).Cells;
                table.Add(profile, Units.Count(sessions), "failed", failure, "", "", "");
            }
        }

        var newMessageBytes = Encoding.UTF8.GetByteCount(Text) + Encoding.UTF8.GetByteCount(Reply);
        var bytes = new ResultTable($"Bytes one session's turn writes to the local store (the turn's new message texts: {newMessageBytes} B)", "turn", "bytes written", "of the texts");
        foreach (var (turn, written) in bytesAt.OrderBy(pair => pair.Key))
        {
            bytes.Add(Units.Count(turn), Units.Bytes(written), Units.Ratio((double)written / newMessageBytes));
        }

        string Rate(string profile, int sessions) => results.TryGetValue((profile, sessions), out var result) ? Units.Count(Math.Round(result.Load.PerSecond))
            : failures.Any(entry => entry.Profile == profile && entry.Sessions == sessions) ? "failed" : "not run";
        string[] headlines =
        [
            $"Durability, local profile: {Rate(Loads[0].Profile, 1)} durable turns per second with one session, {Rate(Loads[2].Profile, 1_000)} with 1,000 at once, " +
            $"{Rate(Loads[3].Profile, 5_000)} with 5,000, {Rate(Loads[4].Profile, 20_000)} with 20,000; cluster profile (Redis, appendfsync always) at 1,000: {Rate(Loads[5].Profile, 1_000)}.",
            $"Durability, bytes written per turn: {Units.Bytes(bytesAt[10])} at turn 10, {Units.Bytes(bytesAt[1_000])} at turn 1,000.",
        ];
        var method =
            "The real silo web host runs in the benchmark's process with the in-process instant model and no MCP server: first on the " +
            "local profile (SQLite file in a fresh folder), then on the cluster profile (Redis clustering and session store, a " +
            "redis-server started by the benchmark with `appendonly yes` and `appendfsync always`). Grains are called from a client in " +
            "the silo, as a closed loop of one worker per session (`ClosedLoop`: two unmeasured turns per worker, 0.5 s to settle, then " +
            "the window), fresh sessions for every load; every turn's state is durable before its reply returns. Fsyncs per turn count " +
            "the `fsync` and `fdatasync` calls of the store's process (the benchmark's own for SQLite, redis-server's for Redis) through " +
            "`perf stat` on the kernel's syscall tracepoints over the whole load (warm-up included), divided by the turns in the same " +
            "span. A message the silo refuses as busy (its limit of messages in flight) is sent again 0.2 s later and counted under busy answers. Bytes per turn are read from the store's rows around that turn of one session that takes 1,000 turns one after another: " +
            "the session's head (rewritten by every write) and the transcript entries the turn added.";
        return new ScenarioReport("Durability: durable turns, fsyncs and bytes per turn", method, [table, bytes], headlines);
    }
}
