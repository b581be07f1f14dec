namespace Hermes.Grains.Mcp;

/// <summary>How one MCP server looks from a session: connected with its tools, or failed with the reason.</summary>
[GenerateSerializer, Immutable, Alias("hermes.McpServerStatus")]
public sealed record McpServerStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] McpTransportKind Transport,
    [property: Id(2)] McpServerState State,
    [property: Id(3)] int ToolCount,
    [property: Id(4)] string? Error);
