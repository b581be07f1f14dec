using Hermes.Benchmarks.Cluster;
using Hermes.Benchmarks.Harness;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Agents;
using Hermes.Grains.Mcp;
using Hermes.Grains.Models;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Hermes.Benchmarks.Scenarios.Memory;

/// <summary>
/// What a session costs in the silo's memory: 100,000 sessions activated with one turn each, measured with their agents
/// cached and again once the agents are dropped.
/// </summary>
internal sealed class MemoryPerSessionScenario : IBenchmarkScenario
{
    private const int Sessions = 100_000;
    private const int WarmUpSessions = 200;
    private const int AtOnce = 16;
    private const string MemoryFileSystem = "/dev/shm";
    private const int OpenAIAgents = 10_000;

    public string Name => "memory";

    public async Task<ScenarioReport> RunAsync(ProgressContext progress)
    {
        var starting = progress.AddTask("memory: start the silo, warm up", maxValue: WarmUpSessions);
        var turns = progress.AddTask($"memory: {Sessions:#,0} sessions, one turn each", autoStart: false, maxValue: Sessions);
        var releases = progress.AddTask($"memory: drop their agents", autoStart: false, maxValue: Sessions);
        var agents = progress.AddTask($"memory: {OpenAIAgents:#,0} agents on the OpenAI provider", autoStart: false, maxValue: OpenAIAgents);

        // The SQLite file lives in memory (tmpfs) where there is one: 200,000 writes, each a disk sync, would take much of the
        // benchmark's time, and where the file lives changes nothing in the managed memory measured here.
        using var store = new TempFolder(Directory.Exists(MemoryFileSystem) ? MemoryFileSystem : null);
        await using var silo = await InstantModelSilo.StartAsync(new KeyValuePair<string, string?>("Hermes:Local:DataFolder", store.Path));
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        await ForEachSessionAsync(grains, "warm-up", WarmUpSessions, async session =>
        {
            await session.SendAsync("Hello.");
            await session.ReleaseAsync();
        }, starting);

        var baseline = ManagedBytes();
        turns.StartTask();
        await ForEachSessionAsync(grains, "measured", Sessions, async session =>
        {
            var turn = await session.SendAsync("Hello.");
            if (turn.Outcome != TurnOutcome.Completed || turn.Agent != AgentFate.Kept)
            {
                throw new InvalidOperationException($"A turn ended {turn.Outcome} with its agent {turn.Agent}; the instant model always answers.");
            }
        }, turns);
        var withAgents = ManagedBytes();

        releases.StartTask();
        await ForEachSessionAsync(grains, "measured", Sessions, session => session.ReleaseAsync(), releases);
        var withoutAgents = ManagedBytes();

        agents.StartTask();
        var openAIAgent = await OpenAIAgentBytesAsync(silo.Services, agents);
        return Report((withoutAgents - baseline) / (double)Sessions, (withAgents - baseline) / (double)Sessions, openAIAgent);
    }

    private static async Task ForEachSessionAsync(IGrainFactory grains, string batch, int count, Func<ISessionGrain, Task> action, ProgressTask task)
    {
        // Keys are made as they are needed, so that the benchmark itself holds nothing per session while memory is measured.
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = AtOnce }, async (index, _) =>
        {
            await action(grains.GetSessionGrain(SessionKey.ForDm("benchmark", $"{batch}-{index}")));
            task.Increment(1);
        });
    }

    /// <summary>Managed bytes of one agent as the silo builds it on the OpenAI provider (two models), never called.</summary>
    private static async Task<double> OpenAIAgentBytesAsync(IServiceProvider services, ProgressTask task)
    {
        using var modelClients = new SharedModelClients(ActivatorUtilities.CreateInstance<ProviderModelClientFactory>(services));
        var factory = ActivatorUtilities.CreateInstance<AgentFactory>(services, modelClients);
        var blueprint = factory.Describe(modelOverride: null)!;
        await using var noMcp = await services.GetRequiredService<IMcpConnectionPool>().OpenAsync("benchmark-agents", CancellationToken.None);
        var built = new SessionAgent[OpenAIAgents];

        // The first agent makes the two model clients, which every later one shares while it lives.
        using var first = factory.Create(blueprint, noMcp);
        var before = ManagedBytes();
        for (var i = 0; i < built.Length; i++)
        {
            built[i] = factory.Create(blueprint, noMcp);
            task.Increment(1);
        }

        var bytes = (ManagedBytes() - before) / (double)built.Length;
        GC.KeepAlive(built);
        return bytes;
    }

    private static long ManagedBytes() => GC.GetTotalMemory(forceFullCollection: true);

    private static ScenarioReport Report(double idle, double cached, double openAIAgent)
    {
        var table = new ResultTable($"{Sessions:#,0} sessions, one turn each, no MCP server", "state of each session", "managed bytes per session");
        table.Add("agent dropped (idle)", Units.Bytes(idle));
        table.Add("agent cached (model chain of two in-process models)", Units.Bytes(cached));
        table.Add("of which the cached agent and its (empty) MCP handles", Units.Bytes(cached - idle));
        table.Add("an agent alone on the OpenAI provider (two models, the silo's shared clients), for comparison", Units.Bytes(openAIAgent));

        string[] headlines =
        [
            $"Memory per session: {Units.Bytes(idle)} of managed memory with the agent dropped, {Units.Bytes(cached)} with it cached " +
            $"({Units.Count(Sessions)} sessions; {Units.Count(idle * Sessions / (1024 * 1024))} MiB and {Units.Count(cached * Sessions / (1024 * 1024))} MiB in all); " +
            $"an agent on the OpenAI provider weighs {Units.Bytes(openAIAgent)}.",
        ];
        var method =
            "The real silo web host runs in the benchmark's process (local profile, dashboard and telemetry as shipped; its SQLite file on " +
            "tmpfs, which keeps 200,000 disk syncs out of the run and changes nothing in managed memory) " +
            $"with the in-process instant model and no MCP server. {WarmUpSessions} sessions take a turn and release their agent first, " +
            $"so that the code paths and the silo's own structures are warm. Then {Sessions:#,0} new sessions each take one turn, " +
            $"{AtOnce} at a time, from a client inside the silo, and stay activated with their agent cached; then each is asked to drop its " +
            "agent through the operator release (`ISessionGrain.ReleaseAsync`). Managed memory is `GC.GetTotalMemory(forceFullCollection: true)` " +
            "before the sessions, after their turns and after the release; the table divides each increase by the number of sessions, so it " +
            "includes everything the silo keeps per session: the activation and its directory entry, the grain, its state (a transcript of " +
            "two messages, counters) and, when cached, the agent. The benchmark holds no reference to any session. The last row builds " +
            $"{OpenAIAgents:#,0} agents with the production `ProviderModelClientFactory` (which the instant model replaces above) and divides " +
            "the increase likewise; they lease their two model clients from one `SharedModelClients`, as a silo's agents do, so the row is " +
            "what each agent adds. The release also lets go of a session's MCP handles (here none), which a session whose agent the " +
            "eviction rule dropped keeps; with no MCP server configured the two are the same.";
        return new ScenarioReport("3. Memory per session", method, [table], headlines);
    }
}
