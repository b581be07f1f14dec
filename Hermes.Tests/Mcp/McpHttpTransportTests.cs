using System.Text.Json;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Mcp;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Mcp;

/// <summary>MCP over Streamable HTTP, against a server hosted with the SDK's ASP.NET Core package.</summary>
public sealed class McpHttpTransportTests
{
    [Fact]
    public async Task A_server_over_streamable_http_answers_tool_calls_with_the_configured_headers_which_stay_out_of_the_snapshot()
    {
        const string ApiKey = "key-never-shown-1234";
        await using var remote = await McpHttpTestServer.StartAsync(ApiKey);
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("tool-user", Scripts.CallToolThenQuote("mcp__remote__reverse", """{"text":"hermes"}"""));
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "tool-user"),
            new("Hermes:Mcp:Servers:remote:url", remote.Endpoint.ToString()),
            new($"Hermes:Mcp:Servers:remote:headers:{McpHttpTestServer.ApiKeyHeader}", ApiKey),
            new("Hermes:Mcp:Servers:locked:url", remote.Endpoint.ToString()),
        ]);
        var session = cluster.Session(TestSessions.NewKey());

        var result = await session.SendAsync("reverse it");

        Assert.Equal("The tool said: semreh", result.Reply);
        var snapshot = await session.GetSnapshotAsync();
        var servers = snapshot.McpServers.ToDictionary(server => server.Name);
        Assert.Equal((McpTransportKind.Http, McpServerState.Connected, 1, null), (servers["remote"].Transport, servers["remote"].State, servers["remote"].ToolCount, servers["remote"].ProcessId));
        Assert.Equal(McpServerState.Failed, servers["locked"].State);
        Assert.Contains("401", servers["locked"].Error);
        Assert.True(remote.Refused > 0);
        Assert.DoesNotContain(ApiKey, JsonSerializer.Serialize(snapshot));
        Assert.Equal(0, cluster.McpPool.RunningProcesses);
    }
}
