namespace Hermes.Grains.Mcp;

/// <summary>The silo-wide owner of MCP connections and the processes behind them; sessions receive handles.</summary>
public interface IMcpConnectionPool
{
    /// <summary>Connections open now, across all sessions.</summary>
    int LiveConnections { get; }

    /// <summary>The signature of the MCP configuration in force now; handles opened under another one are stale.</summary>
    string ConfigurationSignature { get; }

    /// <summary>Connects a session to every enabled server. A server that fails is reported in the handles' status; it does not fail the call.</summary>
    Task<McpSessionHandles> OpenAsync(string sessionKey, CancellationToken cancellationToken);
}
