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
/// What a session's handle adds to an MCP tool call: the same tool of the same server program, called through Hermes'
/// pool and handle and directly with the SDK's client.
/// </summary>
internal sealed class McpCallOverheadScenario : IBenchmarkScenario
{
    // Equal for both sides. Many timed calls, taken in pairs, because a call's latency on a shared machine varies by far more
    // than the difference measured; and several rounds, each with a new process on both sides, because one server process
    // can run a few percent faster than another of the same program for as long as it lives.
    private const int Rounds = 4;
    private const int WarmUpCalls = 1_000;
    private const int MeasuredCalls = 2_500;
    private const int AllocationBlocks = 5;
    private const int AllocationBlockCalls = 100;

    public string Name => "mcp-call";

    public async Task<ScenarioReport> RunAsync(ProgressContext progress)
    {
        var task = progress.AddTask("MCP call: echo through a session handle and directly", maxValue: Rounds * (WarmUpCalls + MeasuredCalls));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Configuration.AddInMemoryCollection(McpServers.Everything("everything", Guid.NewGuid().ToString("N")));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddHermesSessions(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var pool = host.Services.GetRequiredService<IMcpConnectionPool>();
            var measured = new Measured();
            for (var round = 0; round < Rounds; round++)
            {
                await MeasureRoundAsync(pool, round, measured, task);
            }

            return Report(
                new Side(Latencies.Of(measured.ThroughHandle), measured.HandleBytes / Rounds),
                new Side(Latencies.Of(measured.Directly), measured.DirectBytes / Rounds),
                measured.PairRatios.Order().ElementAt(measured.PairRatios.Count / 2));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    // One round: a new session's handle (its server starts on the first call) and a new direct client, each its own process.
    private static async Task MeasureRoundAsync(IMcpConnectionPool pool, int round, Measured measured, ProgressTask task)
    {
        await using var handles = await pool.OpenAsync($"benchmark-{round}", CancellationToken.None);
        var echo = handles.Tools.OfType<McpToolFunction>().Single(tool => tool.Name == McpToolName.For("everything", "echo"));
        await using var direct = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "everything-direct",
            Command = "node",
            Arguments = [McpServers.EverythingScript, "stdio"],
        }));

        // The direct client learns the server's tools as any client does before calling them, and as the pool did when it
        // connected. The SDK keeps what it listed and attaches a tool's definition to each call of it (for HTTP transports'
        // headers), about 300 B a call: a client that never listed would skip that part of the SDK's own work.
        await direct.ListToolsAsync();

        for (var i = -WarmUpCalls; i < MeasuredCalls; i++)
        {
            var arguments = new Dictionary<string, object?> { ["message"] = $"call {i}" };
            Func<Task<CallToolResult>> viaHandle = () => echo.CallAsync(arguments, CancellationToken.None);
            Func<Task<CallToolResult>> viaSdk = () => direct.CallToolAsync("echo", arguments).AsTask();

            // Taking turns at going first keeps warm caches and collections from favouring one side.
            var (first, second) = i % 2 == 0 ? (viaHandle, viaSdk) : (viaSdk, viaHandle);
            var firstTime = await TimeAsync(first, $"Echo: call {i}");
            var secondTime = await TimeAsync(second, $"Echo: call {i}");
            if (i == -1)
            {
                await QuietWait.UntilQuietAsync(Environment.ProcessId);
            }

            if (i >= 0)
            {
                var (handleTime, directTime) = i % 2 == 0 ? (firstTime, secondTime) : (secondTime, firstTime);
                measured.ThroughHandle.Add(handleTime);
                measured.Directly.Add(directTime);
                measured.PairRatios.Add((double)handleTime / directTime);
            }

            task.Increment(1);
        }

        var (handleBytes, directBytes) = await AllocatedPerCallAsync(
            arguments => echo.CallAsync(arguments, CancellationToken.None),
            arguments => direct.CallToolAsync("echo", arguments).AsTask());
        measured.HandleBytes += handleBytes;
        measured.DirectBytes += directBytes;
    }

    // What each side allocates per call, in the whole process (the SDK's reader included), over blocks taken in turns.
    private static async Task<(double Handle, double Direct)> AllocatedPerCallAsync(
        Func<Dictionary<string, object?>, Task<CallToolResult>> viaHandle,
        Func<Dictionary<string, object?>, Task<CallToolResult>> viaSdk)
    {
        var arguments = new Dictionary<string, object?> { ["message"] = "allocation" };
        var (handle, direct) = (0L, 0L);
        for (var block = 0; block < AllocationBlocks * 2; block++)
        {
            var throughHandle = block % 2 == 0;
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var call = 0; call < AllocationBlockCalls; call++)
            {
                await (throughHandle ? viaHandle(arguments) : viaSdk(arguments));
            }

            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            (handle, direct) = throughHandle ? (handle + allocated, direct) : (handle, direct + allocated);
        }

        const double calls = AllocationBlocks * AllocationBlockCalls;
        return (handle / calls, direct / calls);
    }

    // Two decimals: the target (1.05×) lies between what one decimal can show.
    private static string Ratio(double value) => $"{value.ToString("0.00", CultureInfo.InvariantCulture)}×";

    private static string Difference(double bytes) => (bytes < 0 ? "−" : "+") + Units.Bytes(Math.Abs(bytes));

    private static async Task<long> TimeAsync(Func<Task<CallToolResult>> call, string expected)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await call();
        var elapsed = Stopwatch.GetTimestamp() - started;
        var text = ToolResultText.From(result);
        return text == expected ? elapsed : throw new InvalidOperationException($"The echo tool answered '{text}', not '{expected}'.");
    }

    private static ScenarioReport Report(Side handle, Side direct, double medianPairRatio)
    {
        var table = new ResultTable(
            $"Tool `echo` of server-everything over stdio, {Rounds * MeasuredCalls:#,0} calls each, one at a time",
            "call",
            "p50",
            "p99",
            "mean",
            "allocated per call");
        table.Add(
            "through a session handle (Hermes' pool)",
            Units.Duration(handle.Latencies.P50),
            Units.Duration(handle.Latencies.P99),
            Units.Duration(handle.Latencies.Mean),
            Units.Bytes(handle.BytesPerCall));
        table.Add(
            "direct SDK call (`McpClient.CallToolAsync`)",
            Units.Duration(direct.Latencies.P50),
            Units.Duration(direct.Latencies.P99),
            Units.Duration(direct.Latencies.Mean),
            Units.Bytes(direct.BytesPerCall));
        table.Add(
            "ratio, handle ÷ direct",
            Ratio(handle.Latencies.P50 / direct.Latencies.P50),
            Ratio(handle.Latencies.P99 / direct.Latencies.P99),
            Ratio(handle.Latencies.Mean / direct.Latencies.Mean),
            Difference(handle.BytesPerCall - direct.BytesPerCall));
        string[] headlines =
        [
            $"MCP call overhead: a tool call through a session's handle takes {Units.Duration(handle.Latencies.P50)} p50 against " +
            $"{Units.Duration(direct.Latencies.P50)} for a direct SDK call to the same server program, a ratio of " +
            $"{Ratio(handle.Latencies.P50 / direct.Latencies.P50)} ({Units.Duration(handle.Latencies.P50 - direct.Latencies.P50)} added; " +
            $"median of the paired ratios {Ratio(medianPairRatio)}; target ≤ 1.05×).",
        ];
        var method =
            "Hermes' session registrations (`AddHermesSessions`) run in a plain host in the benchmark's process, configured with one " +
            "stdio server: server-everything started with `node` from `Hermes.Tests/mcp-servers`. A session's handles are opened from " +
            "the pool, and the `echo` tool is called through the handle's tool (`McpToolFunction.CallAsync`: the pool's connection, its " +
            "liveness check, the server's `timeout`); beside it, the SDK's own `McpClient` runs a second process of the same program, " +
            "lists its tools as the pool's connection did, and is called directly. Both sides are treated alike: calls go in pairs, one " +
            $"of each, taking turns at going first. The run has {Rounds} rounds, each with a new session and a new direct client (so a " +
            $"new process on both sides, as one process can run a few percent faster than another for its whole life): {WarmUpCalls:#,0} " +
            $"pairs warm up (then the benchmark waits until its process is idle), then {MeasuredCalls:#,0} pairs are timed from the call " +
            "to its result, and every answer is checked. Besides the " +
            "ratio of the two medians, the median of the per-pair ratios (each handle call ÷ the direct call beside it) shows the " +
            "overhead with the machine's slower drifts taken out. Allocation is the whole process's, over " +
            $"{AllocationBlocks} blocks of {AllocationBlockCalls} calls per side and round, taken in turns.";
        return new ScenarioReport("5. MCP call overhead", method, [table], headlines);
    }

    private sealed record Side(Latencies Latencies, double BytesPerCall);

    // What the rounds measured, together.
    private sealed class Measured
    {
        public List<long> ThroughHandle { get; } = new(Rounds * MeasuredCalls);

        public List<long> Directly { get; } = new(Rounds * MeasuredCalls);

        public List<double> PairRatios { get; } = new(Rounds * MeasuredCalls);

        public double HandleBytes { get; set; }

        public double DirectBytes { get; set; }
    }
}
