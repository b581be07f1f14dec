using System.Collections.Immutable;
using Hermes.Contracts.Mcp;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Mcp;

/// <summary>
/// A session's handles to its MCP servers. The grain holds them beside its agent, so that an agent built anew reuses the
/// same connections; the tools they offer route each call through the session's connection, which starts its server on
/// demand. Disposing them hands the connections back to the pool, which closes the session's own servers and lets go of
/// its share in shared ones.
/// </summary>
public sealed class McpSessionHandles : IAsyncDisposable
{
    private readonly Func<ImmutableArray<McpConnection>, Task> _release;
    private int _connectionsReported;
    private int _released;

    internal McpSessionHandles(Func<ImmutableArray<McpConnection>, Task> release, string configurationSignature, ImmutableArray<McpConnection> connections)
    {
        _release = release;
        ConfigurationSignature = configurationSignature;
        Connections = connections;
    }

    /// <summary>The MCP configuration these handles were opened for.</summary>
    public string ConfigurationSignature { get; }

    /// <summary>One connection per enabled server.</summary>
    public ImmutableArray<McpConnection> Connections { get; }

    /// <summary>Every configured server as it is now: connected, failed or disconnected.</summary>
    public ImmutableArray<McpServerStatus> Servers => [.. Connections.Select(connection => connection.Status)];

    /// <summary>The tools of every server whose tools are known, named for the model; read afresh for each turn.</summary>
    public ImmutableArray<AITool> Tools => [.. Connections.SelectMany(connection => connection.Tools)];

    /// <summary>
    /// Makes the tools of every server known before a turn, where their start circuits allow: a server that starts on first
    /// call needs only its configuration listed (once per silo); one that starts with the session is connected if it never
    /// was. Until then a server's tools are absent. Starts no process for a session whose tools are known.
    /// </summary>
    public Task ConnectPendingAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Connections.Select(connection => connection.PrepareAsync(cancellationToken)));

    /// <summary>Connections the session's own servers opened (reconnects included) since the last call; shared servers are the silo's.</summary>
    public int TakeConnectionsOpened()
    {
        var total = Connections.Where(connection => connection.Scope == McpServerScope.Session).Sum(connection => connection.ConnectionsOpened);
        var opened = total - _connectionsReported;
        _connectionsReported = total;
        return opened;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            await _release(Connections);
        }
    }
}
