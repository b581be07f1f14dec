using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hermes.Grains.Mcp;

/// <summary>A digest of the MCP configuration: when it changes, sessions release their handles and reconnect.</summary>
/// <remarks>A hash rather than the text, so that header or environment secrets never travel with it.</remarks>
public static class McpConfigurationSignature
{
    public static string Of(McpOptions options)
    {
        var ordered = options.Servers.OrderBy(server => server.Key, StringComparer.Ordinal)
            .Select(server => new
            {
                server.Key,
                server.Value.Command,
                server.Value.Args,
                Env = server.Value.Env.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToArray(),
                server.Value.Cwd,
                server.Value.Url,
                Headers = server.Value.Headers.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToArray(),
                server.Value.Enabled,
                server.Value.TimeoutSeconds,
                server.Value.ConnectTimeoutSeconds,
                server.Value.Include,
                server.Value.Exclude,
            });
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(ordered)));
        return Convert.ToHexString(digest, 0, 12);
    }
}
