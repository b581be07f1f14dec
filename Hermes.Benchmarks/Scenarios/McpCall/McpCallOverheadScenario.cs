using System.Diagnostics;
using System.Globalization;
using Hermes.Benchmarks.Harness;
using Hermes.Contracts.Mcp;
using Hermes.Grains.Agents;
using Hermes.Grains.Hosting;
using Hermes.Grains.Mcp;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Spectre.Console;

namespace Hermes.Benchmarks.Scenarios.McpCall;

/// <summary>
/// What a session's handle adds to an MCP tool call: the same tool called through Hermes' pool and handle against two direct
/// SDK calls, on the SDK client of the same session (same server process) and on an SDK client of its own (a second process
/// of the same program).
/// </summary>
internal sealed class McpCallOverheadScenario : IBenchmarkScenario
{
    // Equal for every side. Many timed calls, because a call's latency on a shared machine varies by far more than the
    // difference measured; a long warm-up, because a new node server keeps getting faster for thousands of calls; and several
    // rounds, each with new processes, because one server process can run a few percent faster than another for as long as
    // it lives (which is why the same session's own SDK client is the comparison that decides).
    private const int Rounds = 6;
    private const int WarmUpPairs = 4_000;
    private const int MeasuredPairs = 2_500;
    private const int AllocationBlocks = 5;
    private const int AllocationBlockCalls = 100;

    public string Name => "mcp-call";

    public async Task<ScenarioReport> RunAsync(ProgressContext progress)
    {
        var task = progress.AddTask("MCP call: echo through a session handle and directly", maxValue: Rounds * (WarmUpPairs + MeasuredPairs));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Configuration.AddInMemoryCollection(McpServers.Everything("everything", Guid.NewGuid().ToString("N")));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddHermesSessions(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var pool = host.Services.GetRequiredService<IMcpConnectionPool>();
            var sameSession = new Comparison("direct SDK call, same session (the pool's `McpClient`)");
            var ownClient = new Comparison("direct SDK call, own client (`McpClient`, second process)");
            for (var round = 0; round < Rounds; round++)
            {
                await MeasureRoundAsync(pool, round, sameSession, ownClient, task);
            }

            return Report(sameSession, ownClient);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    // One round: a new session's handle (its server starts on the first call) against one direct side, the two comparisons
    // taking turns by round. A round has new processes, and within it both sides' servers serve the same number of calls (a
    // node server's speed depends on how many it has served).
    private static async Task MeasureRoundAsync(IMcpConnectionPool pool, int round, Comparison sameSession, Comparison ownClient, ProgressTask task)
    {
        await using var handles = await pool.OpenAsync($"benchmark-{round}", CancellationToken.None);
        var echo = handles.Tools.OfType<McpToolFunction>().Single(tool => tool.Name == McpToolName.For("everything", "echo"));
        Func<Dictionary<string, object?>, Task<CallToolResult>> viaHandle = arguments => echo.CallAsync(arguments, CancellationToken.None);
        await viaHandle(new Dictionary<string, object?> { ["message"] = "start" });
        await using var client = round % 2 == 0 ? null : await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "everything-direct",
            Command = "node",
            Arguments = [McpServers.EverythingScript, "stdio"],
        }));
        Func<Dictionary<string, object?>, Task<CallToolResult>> viaDirect;
        Comparison comparison;
        if (client is null)
        {
            var sessionClient = handles.Connections.Single().SdkClient ?? throw new InvalidOperationException("The session's server did not start.");
            (comparison, viaDirect) = (sameSession, arguments => sessionClient.CallToolAsync("echo", arguments).AsTask());
        }
        else
        {
            // The client of its own learns the server's tools as any client does before calling them, and as the pool did when
            // it connected. The SDK keeps what it listed and attaches a tool's definition to each call of it (for HTTP
            // transports' headers), about 300 B a call: a client that never listed would skip that part of the SDK's own work.
            await client.ListToolsAsync();
            (comparison, viaDirect) = (ownClient, arguments => client.CallToolAsync("echo", arguments).AsTask());
        }

        for (var i = -WarmUpPairs; i < MeasuredPairs; i++)
        {
            var arguments = new Dictionary<string, object?> { ["message"] = $"call {i}" };

            // Taking turns at going first keeps warm caches and collections from favouring one side; in a pair each call
            // follows the other, so both find their server equally warm.
            var handleFirst = i % 2 == 0;
            var firstTime = await TimeAsync(handleFirst ? viaHandle : viaDirect, arguments, $"Echo: call {i}");
            var secondTime = await TimeAsync(handleFirst ? viaDirect : viaHandle, arguments, $"Echo: call {i}");
            if (i == -1)
            {
                await QuietWait.UntilQuietAsync(Environment.ProcessId);
            }

            if (i >= 0)
            {
                comparison.Add(handleFirst ? firstTime : secondTime, handleFirst ? secondTime : firstTime);
            }

            task.Increment(1);
        }

        // Taken in turns, after the timed calls: each side's servers have then served the same number of calls.
        for (var block = 0; block < AllocationBlocks; block++)
        {
            comparison.HandleAllocation.Add(await AllocatedAsync(viaHandle));
            comparison.DirectAllocation.Add(await AllocatedAsync(viaDirect));
        }
    }

    // Bytes allocated per call in the whole process (the SDK's reader included), over one block of calls.
    private static async Task<double> AllocatedAsync(Func<Dictionary<string, object?>, Task<CallToolResult>> call)
    {
        var arguments = new Dictionary<string, object?> { ["message"] = "allocation" };
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < AllocationBlockCalls; i++)
        {
            await call(arguments);
        }

        return (double)(GC.GetTotalAllocatedBytes(precise: true) - before) / AllocationBlockCalls;
    }

    // Two decimals: the target (1.05×) lies between what one decimal can show.
    private static string Ratio(double value) => $"{value.ToString("0.00", CultureInfo.InvariantCulture)}×";

    private static string Difference(double bytes) => (bytes < 0 ? "−" : "+") + Units.Bytes(Math.Abs(bytes));

    private static async Task<long> TimeAsync(
        Func<Dictionary<string, object?>, Task<CallToolResult>> call,
        Dictionary<string, object?> arguments,
        string expected)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await call(arguments);
        var elapsed = Stopwatch.GetTimestamp() - started;
        var text = ToolResultText.From(result);
        return text == expected ? elapsed : throw new InvalidOperationException($"The echo tool answered '{text}', not '{expected}'.");
    }

    private static ScenarioReport Report(Comparison sameSession, Comparison ownClient)
    {
        var table = new ResultTable(
            $"Tool `echo` of server-everything over stdio, {Rounds / 2 * MeasuredPairs:#,0} pairs per comparison, one call at a time",
            "call",
            "p50",
            "p99",
            "mean",
            "allocated per call",
            "median of paired ratios");
        foreach (var comparison in new[] { sameSession, ownClient })
        {
            var (handle, direct) = (Latencies.Of(comparison.HandleTimes), Latencies.Of(comparison.DirectTimes));
            var (handleBytes, directBytes) = (comparison.HandleAllocation.Average(), comparison.DirectAllocation.Average());
            table.Add(
                "through a session handle (Hermes' pool)",
                Units.Duration(handle.P50),
                Units.Duration(handle.P99),
                Units.Duration(handle.Mean),
                Units.Bytes(handleBytes),
                string.Empty);
            table.Add(
                comparison.Name,
                Units.Duration(direct.P50),
                Units.Duration(direct.P99),
                Units.Duration(direct.Mean),
                Units.Bytes(directBytes),
                string.Empty);
            table.Add(
                "ratio, handle ÷ direct",
                Ratio(handle.P50 / direct.P50),
                Ratio(handle.P99 / direct.P99),
                Ratio(handle.Mean / direct.Mean),
                Difference(handleBytes - directBytes),
                Ratio(comparison.MedianPairRatio));
        }

        var (sessionHandle, sessionDirect) = (Latencies.Of(sameSession.HandleTimes), Latencies.Of(sameSession.DirectTimes));
        var (clientHandle, clientDirect) = (Latencies.Of(ownClient.HandleTimes), Latencies.Of(ownClient.DirectTimes));
        string[] headlines =
        [
            $"MCP call overhead: a tool call through a session's handle takes {Units.Duration(sessionHandle.P50)} p50 against " +
            $"{Units.Duration(sessionDirect.P50)} for a direct SDK call on the same session's client, a ratio of " +
            $"{Ratio(sessionHandle.P50 / sessionDirect.P50)} (median of the paired ratios {Ratio(sameSession.MedianPairRatio)}; " +
            $"{Difference(sameSession.HandleAllocation.Average() - sameSession.DirectAllocation.Average())} allocated per call); " +
            $"against an SDK client of its own (another process) {Ratio(clientHandle.P50 / clientDirect.P50)} " +
            $"(paired {Ratio(ownClient.MedianPairRatio)}); target ≤ 1.05×.",
        ];
        var method =
            "Hermes' session registrations (`AddHermesSessions`) run in a plain host in the benchmark's process, configured with one " +
            "stdio server: server-everything started with `node` from `Hermes.Tests/mcp-servers`. A session's handles are opened from " +
            "the pool, and the `echo` tool is called through the handle's tool (`McpToolFunction.CallAsync`: the pool's connection, its " +
            "liveness check, the server's `timeout`), against two direct SDK calls: on the SDK client the pool's connection holds " +
            "(same process, same pipe: the difference is only what Hermes does around the SDK), and on an SDK `McpClient` of its own, " +
            "which runs a second process of the same program and lists its tools as the pool's connection did. Both sides of a " +
            "comparison are treated alike: calls go in pairs, one of each, taking turns at going first, so that each call of a pair " +
            $"follows the other. The run has {Rounds} rounds, the two comparisons taking turns, each round with a new session (and, " +
            $"comparing with a client of its own, a new client): new processes, each serving the same number of calls. In a round " +
            $"{WarmUpPairs:#,0} pairs warm up (a new node server keeps " +
            "getting faster for thousands of calls; then the benchmark waits until its process is idle), then " +
            $"{MeasuredPairs:#,0} pairs are timed from the call to its result, and every answer is checked. Besides the ratio of the " +
            "medians, the median of the paired ratios (each handle call ÷ the direct call beside it) takes the machine's slower " +
            "drifts out. A second server process can run a few percent faster or slower than the first for its whole life, so the " +
            "comparison with the same session's client is the one that decides. Allocation is the whole process's, over " +
            $"{AllocationBlocks} blocks of {AllocationBlockCalls} calls per side and round, taken in turns.";
        return new ScenarioReport("5. MCP call overhead", method, [table], headlines);
    }

    // The handle against one direct side, over all rounds.
    private sealed class Comparison(string name)
    {
        private readonly List<double> _pairRatios = [];

        public string Name { get; } = name;

        public List<long> HandleTimes { get; } = [];

        public List<long> DirectTimes { get; } = [];

        public List<double> HandleAllocation { get; } = [];

        public List<double> DirectAllocation { get; } = [];

        /// <summary>The median, over pairs of calls, of the handle's time ÷ the direct call's.</summary>
        public double MedianPairRatio => _pairRatios.Order().ElementAt(_pairRatios.Count / 2);

        public void Add(long handleTime, long directTime)
        {
            HandleTimes.Add(handleTime);
            DirectTimes.Add(directTime);
            _pairRatios.Add((double)handleTime / directTime);
        }
    }
}
