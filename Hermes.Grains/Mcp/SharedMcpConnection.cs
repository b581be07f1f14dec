using Hermes.Contracts.Mcp;

namespace Hermes.Grains.Mcp;

/// <summary>The pool's record of one shared connection: how many sessions hold it, and the timer that closes it once none has for a while.</summary>
/// <remarks>Changed only under the pool's lock.</remarks>
internal sealed class SharedMcpConnection(string key, McpConnection connection)
{
    /// <summary>The server's name and settings digest: sessions configured alike share one connection.</summary>
    public string Key { get; } = key;

    public McpConnection Connection { get; } = connection;

    public int Leases { get; set; }

    public ITimer? IdleTimer { get; set; }
}
