using Hermes.Contracts.Mcp;
using Hermes.Tests.Infrastructure;

namespace Hermes.Tests.Mcp;

/// <summary>The silo's tool list per server configuration follows what running servers announce.</summary>
public sealed class McpToolCatalogueTests
{
    [Fact]
    public async Task A_tool_list_change_announced_by_a_running_server_reaches_every_session_configured_alike_even_one_whose_server_never_started()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using var test = McpTestPool.Start(McpServers.Growing("growing", marker));
        await using var caller = await test.Pool.OpenAsync("caller", CancellationToken.None);
        await using var bystander = await test.Pool.OpenAsync("bystander", CancellationToken.None);
        Assert.Equal(["mcp__growing__grow"], bystander.Tools.Select(tool => tool.Name));

        await McpTestPool.CallAsync(caller, "mcp__growing__grow", []);

        await Poll.UntilAsync(() => bystander.Tools.Any(tool => tool.Name == "mcp__growing__grown"), "the announced tool to reach the silo's list");
        Assert.Equal(["mcp__growing__grow", "mcp__growing__grown"], caller.Tools.Select(tool => tool.Name).Order());
        Assert.Equal((McpServerState.Idle, 2), (Assert.Single(bystander.Servers).State, Assert.Single(bystander.Servers).ToolCount));
        Assert.Equal(McpServerState.Connected, Assert.Single(caller.Servers).State);
        Assert.Single(ProcessCensus.ProcessesWithMarker(marker));
    }
}
