using Hermes.Contracts.Mcp;

namespace Hermes.Grains.Mcp;

/// <summary>The silo-wide owner of MCP connections and the processes behind them; sessions receive handles.</summary>
public interface IMcpConnectionPool
{
    /// <summary>Connections open now, across all sessions, shared ones included.</summary>
    int LiveConnections { get; }

    /// <summary>Processes the pool started that run now, their descendants included (read from <c>/proc</c>; 0 elsewhere).</summary>
    int RunningProcesses { get; }

    /// <summary>The signature of the MCP configuration in force now; handles opened under another one are stale.</summary>
    string ConfigurationSignature { get; }

    /// <summary>Connects a session to every enabled server. A server that fails is reported in the handles' status; it does not fail the call.</summary>
    Task<McpSessionHandles> OpenAsync(string sessionKey, CancellationToken cancellationToken);

    /// <summary>
    /// Releases <paramref name="handles"/> and opens new ones: the session's own servers restart, shared ones list their
    /// tools again (and reconnect at once if they are down).
    /// </summary>
    Task<McpSessionHandles> ReopenAsync(McpSessionHandles handles, string sessionKey, CancellationToken cancellationToken);
}
