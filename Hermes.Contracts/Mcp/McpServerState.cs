namespace Hermes.Contracts.Mcp;

[GenerateSerializer, Alias("hermes.McpServerState")]
public enum McpServerState
{
    Connected,

    /// <summary>The server could not be started or did not complete the handshake; its tools are absent until it connects.</summary>
    Failed,

    /// <summary>The server was connected and went away; its tools stay offered and the next call reconnects it (with backoff).</summary>
    Disconnected,
}
