namespace Hermes.Grains.Mcp;

[GenerateSerializer, Alias("hermes.McpServerState")]
public enum McpServerState
{
    Connected,

    /// <summary>The server could not be started or did not complete the handshake; its tools are absent.</summary>
    Failed,
}
