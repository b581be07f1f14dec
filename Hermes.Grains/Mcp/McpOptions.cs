namespace Hermes.Grains.Mcp;

/// <summary>The MCP servers whose tools every session's agent may call. Section <c>Hermes:Mcp</c>.</summary>
public sealed class McpOptions
{
    public const string SectionName = "Hermes:Mcp";

    /// <summary>Servers by name; the name appears in tool names as <c>mcp__{name}__{tool}</c>.</summary>
    public Dictionary<string, McpServerOptions> Servers { get; set; } = new(StringComparer.Ordinal);
}
