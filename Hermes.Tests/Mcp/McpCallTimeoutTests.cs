using Hermes.Contracts.Mcp;
using Hermes.Grains.Mcp;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Hermes.Tests.Mcp;

/// <summary>The server's <c>timeout</c> bounds each tool call, call after call, on the pool's clock.</summary>
public sealed class McpCallTimeoutTests
{
    private const string Echo = "mcp__everything__echo";
    private const string LongOperation = "mcp__everything__trigger-long-running-operation";

    [Fact]
    public async Task A_call_that_outlives_its_server_timeout_reaches_the_model_as_a_timeout_and_the_server_serves_the_next_calls()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using var test = McpTestPool.Start([.. McpServers.Everything("everything", marker), new("Hermes:Mcp:Servers:everything:timeout", "30")]);
        await using var handles = await test.Pool.OpenAsync("session", CancellationToken.None);
        var tools = handles.Tools.OfType<McpToolFunction>().ToDictionary(tool => tool.Name);

        // Calls that end in time leave no deadline behind to cut a later call short.
        for (var call = 0; call < 3; call++)
        {
            Assert.Equal($"Echo: {call}", await tools[Echo].InvokeAsync(new() { ["message"] = $"{call}" }));
        }

        var slow = tools[LongOperation].InvokeAsync(new() { ["duration"] = 600, ["steps"] = 1 }).AsTask();
        await Poll.UntilAsync(() => handles.Servers is [{ CallsInFlight: 1 }], "the long call to reach its server");
        test.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(slow.IsCompleted);
        test.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal($"Error: the tool '{LongOperation}' failed: MCP server 'everything' did not answer within 30 s.", await slow);
        var process = Assert.Single(ProcessCensus.ProcessesWithMarker(marker));
        Assert.Equal("Echo: after", await tools[Echo].InvokeAsync(new() { ["message"] = "after" }));
        var server = Assert.Single(handles.Servers);
        Assert.Equal((McpServerState.Connected, process, 1, 0), (server.State, server.ProcessId, server.ConnectionsOpened, server.CallsInFlight));
    }
}
