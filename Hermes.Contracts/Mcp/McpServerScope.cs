namespace Hermes.Contracts.Mcp;

/// <summary>Who a server's connection belongs to. Config key <c>scope</c>: <c>session</c> or <c>shared</c>.</summary>
[GenerateSerializer, Alias("hermes.McpServerScope")]
public enum McpServerScope
{
    /// <summary>Each session gets its own connection (and process), held by its grain across agent rebuilds.</summary>
    Session,

    /// <summary>One connection per silo, used concurrently by every session, closed once no session has held it for a while.</summary>
    Shared,
}
