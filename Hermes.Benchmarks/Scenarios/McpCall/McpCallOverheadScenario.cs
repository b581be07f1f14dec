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
    private const int WarmUpCalls = 200;
    private const int MeasuredCalls = 2_000;

    public string Name => "mcp-call";

    public async Task<ScenarioReport> RunAsync(ProgressContext progress)
    {
        var task = progress.AddTask("MCP call: echo through a session handle and directly", maxValue: WarmUpCalls + MeasuredCalls);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Configuration.AddInMemoryCollection(McpServers.Everything("everything", Guid.NewGuid().ToString("N")));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddHermesSessions(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            await using var handles = await host.Services.GetRequiredService<IMcpConnectionPool>().OpenAsync("benchmark", CancellationToken.None);
            var echo = handles.Tools.OfType<McpToolFunction>().Single(tool => tool.Name == McpToolName.For("everything", "echo"));
            await using var direct = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
            {
                Name = "everything-direct",
                Command = "node",
                Arguments = [McpServers.EverythingScript, "stdio"],
            }));

            var throughHandle = new List<long>(MeasuredCalls);
            var directly = new List<long>(MeasuredCalls);
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
                    throughHandle.Add(i % 2 == 0 ? firstTime : secondTime);
                    directly.Add(i % 2 == 0 ? secondTime : firstTime);
                }

                task.Increment(1);
            }

            return Report(Latencies.Of(throughHandle), Latencies.Of(directly));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    // Two decimals: the target (1.05×) lies between what one decimal can show.
    private static string Ratio(double value) => $"{value.ToString("0.00", CultureInfo.InvariantCulture)}×";

    private static async Task<long> TimeAsync(Func<Task<CallToolResult>> call, string expected)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await call();
        var elapsed = Stopwatch.GetTimestamp() - started;
        var text = ToolResultText.From(result);
        return text == expected ? elapsed : throw new InvalidOperationException($"The echo tool answered '{text}', not '{expected}'.");
    }

    private static ScenarioReport Report(Latencies handle, Latencies direct)
    {
        var table = new ResultTable($"Tool `echo` of server-everything over stdio, {MeasuredCalls:#,0} calls each, one at a time", "call", "p50", "p99", "mean");
        table.Add("through a session handle (Hermes' pool)", Units.Duration(handle.P50), Units.Duration(handle.P99), Units.Duration(handle.Mean));
        table.Add("direct SDK call (`McpClient.CallToolAsync`)", Units.Duration(direct.P50), Units.Duration(direct.P99), Units.Duration(direct.Mean));
        table.Add("ratio, handle ÷ direct", Ratio(handle.P50 / direct.P50), Ratio(handle.P99 / direct.P99), Ratio(handle.Mean / direct.Mean));
        string[] headlines =
        [
            $"MCP call overhead: a tool call through a session's handle takes {Units.Duration(handle.P50)} p50 against {Units.Duration(direct.P50)} " +
            $"for a direct SDK call to the same server program, a ratio of {Ratio(handle.P50 / direct.P50)} " +
            $"({Units.Duration(handle.P50 - direct.P50)} added; target ≤ 1.05×).",
        ];
        var method =
            "Hermes' session registrations (`AddHermesSessions`) run in a plain host in the benchmark's process, configured with one " +
            "stdio server: server-everything started with `node` from `Hermes.Tests/mcp-servers`. A session's handles are opened from " +
            "the pool, and the `echo` tool is called through the handle's tool (`McpToolFunction.CallAsync`: the pool's connection, its " +
            "liveness check, the server's `timeout`); beside it, the SDK's own `McpClient` runs a second process of the same program and " +
            $"is called directly. The two take turns going first; {WarmUpCalls} calls each warm up (then the benchmark waits until its " +
            $"process is idle), then {MeasuredCalls:#,0} calls each are " +
            "timed from the call to its result, and every answer is checked.";
        return new ScenarioReport("5. MCP call overhead", method, [table], headlines);
    }
}
