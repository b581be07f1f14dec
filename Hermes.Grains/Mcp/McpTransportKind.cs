namespace Hermes.Grains.Mcp;

[GenerateSerializer, Alias("hermes.McpTransportKind")]
public enum McpTransportKind
{
    Stdio,
    Http,
}
