using System.Collections.Immutable;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Mcp;

/// <summary>
/// A session's handles to its MCP servers. The grain holds them beside its agent, so that an agent built anew reuses
/// the same connections; disposing them hands the connections back to the pool, which closes them.
/// </summary>
public sealed class McpSessionHandles : IAsyncDisposable
{
    private readonly Func<ImmutableArray<McpConnection>, ValueTask> _release;
    private readonly ImmutableArray<McpConnection> _connections;
    private int _released;

    internal McpSessionHandles(Func<ImmutableArray<McpConnection>, ValueTask> release, string configurationSignature, ImmutableArray<McpConnection> connections, ImmutableArray<McpServerStatus> servers)
    {
        _release = release;
        _connections = connections;
        ConfigurationSignature = configurationSignature;
        Servers = servers;
        Tools = [.. connections.SelectMany(connection => connection.Tools)];
        ToolTimeouts = connections
            .SelectMany(connection => connection.Tools.Select(tool => KeyValuePair.Create(tool.Name, connection.Options.Timeout)))
            .ToImmutableDictionary();
    }

    /// <summary>The MCP configuration these handles were opened for.</summary>
    public string ConfigurationSignature { get; }

    /// <summary>Every configured server, connected or failed.</summary>
    public ImmutableArray<McpServerStatus> Servers { get; }

    /// <summary>The tools of every connected server, named for the model.</summary>
    public ImmutableArray<AITool> Tools { get; }

    /// <summary>Each tool's call timeout, as its server configures it.</summary>
    public ImmutableDictionary<string, TimeSpan> ToolTimeouts { get; }

    /// <summary>Connections opened to create these handles.</summary>
    public int ConnectionsOpened => _connections.Length;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            await _release(_connections);
        }
    }
}
