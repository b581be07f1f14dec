using System.ComponentModel.DataAnnotations;
using Hermes.Contracts.Mcp;

namespace Hermes.Grains.Mcp;

/// <summary>The MCP servers whose tools every session's agent may call, and how the pool keeps them. Section <c>Hermes:Mcp</c>.</summary>
public sealed class McpOptions
{
    public const string SectionName = "Hermes:Mcp";

    /// <summary>Servers by name; the name appears in tool names as <c>mcp__{name}__{tool}</c>.</summary>
    public Dictionary<string, McpServerOptions> Servers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The most MCP server processes (descendants included) the silo runs at once. A stdio server that would start past
    /// it is left out for that turn, like any server that cannot be reached, so that many sessions cannot exhaust the host.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxProcesses { get; set; } = 100;

    /// <summary>How long a shared server stays connected after the last session released it.</summary>
    public TimeSpan SharedIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait before the second attempt to reach a server that failed; it doubles with each failure in a row.</summary>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts to reach a failing server.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromMinutes(2);
}
