using System.Collections.Immutable;
using ModelContextProtocol.Client;

namespace Hermes.Grains.Mcp;

/// <summary>One live connection to an MCP server, owned by the <see cref="McpConnectionPool"/>.</summary>
public sealed class McpConnection(string serverName, McpServerOptions options, McpClient client, ImmutableArray<McpClientTool> tools) : IAsyncDisposable
{
    public string ServerName { get; } = serverName;

    public McpServerOptions Options { get; } = options;

    /// <summary>The server's tools as the model sees them: renamed to <c>mcp__{server}__{tool}</c> and filtered.</summary>
    public ImmutableArray<McpClientTool> Tools { get; } = tools;

    public McpServerStatus Status => new(ServerName, Options.Transport, McpServerState.Connected, Tools.Length, null);

    public ValueTask DisposeAsync() => client.DisposeAsync();
}
