using System.Diagnostics;
using Hermes.Grains.Agents;
using Hermes.Grains.Mcp;
using Hermes.Tests.Infrastructure;
using ModelContextProtocol.Client;
using Xunit.Abstractions;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Mcp;

/// <summary>What a session's handle adds to a tool call, against a direct SDK call to the same server program.</summary>
public sealed class McpToolCallCostTests(ITestOutputHelper output)
{
    private const int WarmUpCalls = 30;
    private const int MeasuredCalls = 300;

    [Fact]
    public async Task A_tool_call_through_a_session_handle_answers_exactly_like_a_direct_sdk_call_and_its_cost_is_reported()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        await using var cluster = await StartAsync([.. ModelSettings(models, "unused"), .. McpServers.Everything("everything", Guid.NewGuid().ToString("N"))]);
        await using var handles = await cluster.McpPool.OpenAsync("cost-measurement", CancellationToken.None);
        var echo = handles.Tools.OfType<McpToolFunction>().Single(tool => tool.Name == "mcp__everything__echo");
        await using var direct = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "node",
            Arguments = [McpServers.EverythingScript, "stdio"],
        }));

        var throughHandle = new List<TimeSpan>();
        var directly = new List<TimeSpan>();
        for (var i = -WarmUpCalls; i < MeasuredCalls; i++)
        {
            var arguments = new Dictionary<string, object?> { ["message"] = $"call {i}" };

            // Alternating which goes first keeps warm caches and GC pauses from favouring one side.
            var (handleAnswer, handleTime, directAnswer, directTime) = i % 2 == 0
                ? await Both(() => echo.CallAsync(arguments, CancellationToken.None), () => direct.CallToolAsync("echo", arguments).AsTask())
                : Swap(await Both(() => direct.CallToolAsync("echo", arguments).AsTask(), () => echo.CallAsync(arguments, CancellationToken.None)));

            Assert.Equal($"Echo: call {i}", handleAnswer);
            Assert.Equal(directAnswer, handleAnswer);
            if (i >= 0)
            {
                throughHandle.Add(handleTime);
                directly.Add(directTime);
            }
        }

        var handleMedian = TestSessions.Median(throughHandle);
        var directMedian = TestSessions.Median(directly);
        output.WriteLine($"echo over stdio, median of {MeasuredCalls} calls: through a session handle {handleMedian.TotalMicroseconds:0} µs, " +
            $"direct McpClient.CallToolAsync {directMedian.TotalMicroseconds:0} µs, ratio {handleMedian / directMedian:0.00}");
    }

    private static async Task<(string FirstAnswer, TimeSpan FirstTime, string SecondAnswer, TimeSpan SecondTime)> Both(
        Func<Task<ModelContextProtocol.Protocol.CallToolResult>> first, Func<Task<ModelContextProtocol.Protocol.CallToolResult>> second)
    {
        var started = Stopwatch.GetTimestamp();
        var firstAnswer = ToolResultText.From(await first());
        var firstTime = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        var secondAnswer = ToolResultText.From(await second());
        return (firstAnswer, firstTime, secondAnswer, Stopwatch.GetElapsedTime(started));
    }

    private static (string, TimeSpan, string, TimeSpan) Swap((string Answer, TimeSpan Time, string OtherAnswer, TimeSpan OtherTime) pair) =>
        (pair.OtherAnswer, pair.OtherTime, pair.Answer, pair.Time);
}
