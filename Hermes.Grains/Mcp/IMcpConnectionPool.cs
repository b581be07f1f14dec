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

    /// <summary>
    /// Gives a session a handle to every enabled server. Its own servers start on the first call of one of their tools
    /// (unless configured to start with the session); their tools are known from the silo's list meanwhile. A server that
    /// fails is reported in the handles' status; it does not fail the call.
    /// </summary>
    Task<McpSessionHandles> OpenAsync(string sessionKey, CancellationToken cancellationToken);

    /// <summary>
    /// Releases <paramref name="handles"/> and opens new ones, starting every server now: the session's own servers
    /// restart, shared ones list their tools again (and reconnect at once if they are down), and the silo's tool lists are
    /// refreshed from their answers.
    /// </summary>
    Task<McpSessionHandles> ReopenAsync(McpSessionHandles handles, string sessionKey, CancellationToken cancellationToken);
}
