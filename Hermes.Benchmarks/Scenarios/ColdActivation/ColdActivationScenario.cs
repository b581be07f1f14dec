using System.Diagnostics;
using System.Globalization;
using Hermes.Benchmarks.Cluster;
using Hermes.Benchmarks.Harness;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Hermes.Benchmarks.Scenarios.ColdActivation;

/// <summary>
/// The first message to a session that is not in memory: its grain activates, reads its state from the local SQLite store,
/// builds its agent and answers.
/// </summary>
internal sealed class ColdActivationScenario : IBenchmarkScenario
{
    private const int Sessions = 1_000;
    private const int WarmUpSessions = 200;
    private const int TurnsBefore = 5;
    private const int AtOnce = 16;
    private static readonly TimeSpan DeactivatedWithin = TimeSpan.FromSeconds(60);

    public string Name => "cold-activation";

    public async Task<ScenarioReport> RunAsync(ProgressContext progress)
    {
        var filling = progress.AddTask($"cold activation: {Sessions + WarmUpSessions:#,0} sessions take {TurnsBefore} turns each", maxValue: Sessions + WarmUpSessions);
        var deactivating = progress.AddTask("cold activation: deactivate them", autoStart: false, maxValue: 1);
        var measuring = progress.AddTask("cold activation: a first and a second message to each", autoStart: false, maxValue: Sessions);

        await using var silo = await InstantModelSilo.StartAsync();
        await using var frontEnd = await FrontEnd.StartAsync([silo]);
        var client = frontEnd.Client;
        var warmUpKeys = Enumerable.Range(0, WarmUpSessions).Select(index => SessionKey.ForDm("benchmark", $"warm-up-{index}")).ToArray();
        var keys = Enumerable.Range(0, Sessions).Select(index => SessionKey.ForDm("benchmark", $"cold-{index}")).ToArray();
        await Parallel.ForEachAsync(warmUpKeys.Concat(keys), new ParallelOptions { MaxDegreeOfParallelism = AtOnce }, async (key, _) =>
        {
            for (var turn = 0; turn < TurnsBefore; turn++)
            {
                await client.GetSessionGrain(key).SendAsync($"Message {turn}.");
            }

            filling.Increment(1);
        });

        deactivating.StartTask();
        await DeactivateSessionsAsync(silo.Services.GetRequiredService<IGrainFactory>());
        var stateBytes = await StoredStateBytesAsync(Path.Combine(silo.DataFolder, "sessions.db"));
        deactivating.Increment(1);

        // The cold path (activation, state read, agent build) runs on sessions of its own first, so that the runtime has
        // compiled it at its final tier before the measured sessions take it.
        await TimeEachAsync(client, warmUpKeys, task: null);
        await QuietWait.UntilQuietAsync(Environment.ProcessId);

        measuring.StartTask();
        var (first, second) = await TimeEachAsync(client, keys, measuring);
        return Report(first, second, stateBytes);
    }

    /// <summary>Asks every silo to deactivate its idle activations, as idle collection would, and waits until no session is left.</summary>
    private static async Task DeactivateSessionsAsync(IGrainFactory grains)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var waited = Stopwatch.StartNew();
        while ((await management.GetSimpleGrainStatistics()).Where(statistic => statistic.GrainType.Contains(nameof(SessionGrain), StringComparison.Ordinal)).Sum(statistic => statistic.ActivationCount) > 0)
        {
            if (waited.Elapsed > DeactivatedWithin)
            {
                throw new InvalidOperationException($"Sessions were still active {DeactivatedWithin.TotalSeconds:0} s after the silo was asked to deactivate them.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>
    /// Sends two messages to each session, one session after another, and times each answer: the first activates the
    /// session, the second finds it active. Taking them in pairs keeps any drift of the machine out of the comparison.
    /// </summary>
    private static async Task<(Latencies First, Latencies Second)> TimeEachAsync(IClusterClient client, IReadOnlyList<SessionKey> keys, ProgressTask? task)
    {
        var (first, second) = (new long[keys.Count], new long[keys.Count]);
        for (var i = 0; i < keys.Count; i++)
        {
            first[i] = await TimeMessageAsync(client.GetSessionGrain(keys[i]), TurnsBefore + 1);
            second[i] = await TimeMessageAsync(client.GetSessionGrain(keys[i]), TurnsBefore + 2);
            task?.Increment(1);
        }

        return (Latencies.Of(first), Latencies.Of(second));
    }

    /// <param name="expectedTurn">The turn number the answer must carry: proof that the stored turns were read back.</param>
    private static async Task<long> TimeMessageAsync(ISessionGrain session, int expectedTurn)
    {
        var started = Stopwatch.GetTimestamp();
        var turn = await session.SendAsync("One more message.");
        var elapsed = Stopwatch.GetTimestamp() - started;
        if (turn.Outcome != TurnOutcome.Completed || turn.TurnNumber != expectedTurn)
        {
            throw new InvalidOperationException($"A session answered turn {turn.TurnNumber} ({turn.Outcome}), not turn {expectedTurn}.");
        }

        return elapsed;
    }

    private static async Task<double> StoredStateBytesAsync(string database)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT ((SELECT sum(length(Payload)) FROM HermesStateHead WHERE StateKey LIKE '%/session/%') " +
            "+ (SELECT coalesce(sum(length(Payload)), 0) FROM HermesStateEntry WHERE StateKey LIKE '%/session/%')) * 1.0 " +
            "/ (SELECT count(*) FROM HermesStateHead WHERE StateKey LIKE '%/session/%')";
        return Convert.ToDouble(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static ScenarioReport Report(Latencies cold, Latencies warm, double stateBytes)
    {
        var table = new ResultTable(
            $"{Sessions:#,0} sessions of {TurnsBefore} turns each (state stored: {Units.Bytes(stateBytes)} on average), one message at a time from a front-end",
            "message", "p50", "p99", "mean");
        table.Add("first message, session not in memory (activation, state read, agent built, turn, state written)", Units.Duration(cold.P50), Units.Duration(cold.P99), Units.Duration(cold.Mean));
        table.Add("second message, session active (turn, state written)", Units.Duration(warm.P50), Units.Duration(warm.P99), Units.Duration(warm.Mean));
        string[] headlines =
        [
            $"Cold activation: the first message to a session stored in SQLite answers in {Units.Duration(cold.P50)} p50, {Units.Duration(cold.P99)} p99, " +
            $"against {Units.Duration(warm.P50)} p50 for the next message to the same session.",
        ];
        var method =
            "The real silo web host runs in the benchmark's process (local profile: SQLite file in a fresh folder, dashboard and " +
            "telemetry as shipped) with the in-process instant model and no MCP server; a front-end client connects over loopback. " +
            $"{Sessions:#,0} sessions take {TurnsBefore} turns each, {AtOnce} sessions at a time. Then the management grain's " +
            "`ForceActivationCollection(TimeSpan.Zero)` deactivates them, as idle collection would, and the benchmark waits until the " +
            $"silo reports no session activation. {WarmUpSessions} sessions of the same kind take their first message unmeasured, so that " +
            "the cold path is compiled, and the benchmark waits until its process is idle. Each measured session then gets two messages, " +
            "one session after another, and the time from each call to its answer is recorded: the first activates the session, the " +
            "second finds it active, and taking them in pairs keeps any drift of the machine out of the comparison. The stored state " +
            "size is read once the sessions are deactivated, with their turns behind them. Each answer is checked to carry the " +
            "next turn number, which proves the stored turns were read back. The operating system's file cache is warm, as it is on a " +
            "silo that wrote the sessions itself.";
        return new ScenarioReport("4. Cold activation", method, [table], headlines);
    }
}
