using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hermes.Contracts.Mcp;

namespace Hermes.Grains.Mcp;

/// <summary>A digest of the MCP configuration: when it changes, sessions release their handles and reconnect.</summary>
/// <remarks>A hash rather than the text, so that header or environment secrets never travel with it.</remarks>
public static class McpConfigurationSignature
{
    public static string Of(McpOptions options) =>
        Digest(options.Servers.OrderBy(server => server.Key, StringComparer.Ordinal).Select(server => Describe(server.Key, server.Value)));

    /// <summary>The signature of one server's settings: a shared connection serves only sessions configured alike.</summary>
    public static string Of(string name, McpServerOptions server) => Digest(Describe(name, server));

    private static object Describe(string name, McpServerOptions server) => new
    {
        Key = name,
        server.Command,
        server.Args,
        Env = server.Env.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToArray(),
        server.Cwd,
        server.Url,
        Headers = server.Headers.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToArray(),
        server.Enabled,
        server.Scope,
        server.Start,
        server.TimeoutSeconds,
        server.ConnectTimeoutSeconds,
        server.Include,
        server.Exclude,
    };

    private static string Digest(object value) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value))), 0, 12);
}
