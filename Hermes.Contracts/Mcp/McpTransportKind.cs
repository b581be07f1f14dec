namespace Hermes.Contracts.Mcp;

[GenerateSerializer, Alias("hermes.McpTransportKind")]
public enum McpTransportKind
{
    Stdio,
    Http,
}
