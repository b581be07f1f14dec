namespace Hermes.Contracts.Mcp;

[GenerateSerializer, Alias("hermes.McpServerState")]
public enum McpServerState
{
    Connected,

    /// <summary>The server's tools are not known: it could not be started or listed. They are absent until it connects.</summary>
    Failed,

    /// <summary>The server went away or could not be started again; its tools stay offered and the next call tries again (with backoff).</summary>
    Disconnected,

    /// <summary>No process runs for it now and nothing is wrong: its tools are offered, and the next call starts it.</summary>
    Idle,
}
