using System.Reflection;

namespace Hermes.Tests.Infrastructure;

/// <summary>
/// Configuration for the official MCP servers that the test build installs from <c>mcp-servers/package-lock.json</c>.
/// Each server started from here carries a marker in its environment so that <see cref="ProcessCensus"/> can find it.
/// </summary>
public static class McpServers
{
    public const string MarkerVariable = "HERMES_TEST_MARKER";

    public static string NodeModules { get; } = typeof(McpServers).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "McpServersDirectory").Value!;

    /// <summary>server-everything over stdio: tools such as <c>echo</c>, <c>get-sum</c> and a long-running operation.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Everything(string name, string marker) =>
        Stdio(name, marker, Path.Combine(NodeModules, "@modelcontextprotocol", "server-everything", "dist", "index.js"), "stdio");

    /// <summary>server-memory over stdio, writing its knowledge graph to <paramref name="memoryFile"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Memory(string name, string marker, string memoryFile) =>
        Stdio(name, marker, Path.Combine(NodeModules, "@modelcontextprotocol", "server-memory", "dist", "index.js"))
            .Append(new($"Hermes:Mcp:Servers:{name}:Env:MEMORY_FILE_PATH", memoryFile));

    private static IEnumerable<KeyValuePair<string, string?>> Stdio(string name, string marker, string script, params string[] arguments)
    {
        if (!File.Exists(script))
        {
            throw new FileNotFoundException($"MCP server not installed: {script}. The test project's build runs 'npm ci' in mcp-servers/.", script);
        }

        var prefix = $"Hermes:Mcp:Servers:{name}";
        yield return new($"{prefix}:Command", "node");
        yield return new($"{prefix}:Args:0", script);
        for (var i = 0; i < arguments.Length; i++)
        {
            yield return new($"{prefix}:Args:{i + 1}", arguments[i]);
        }

        yield return new($"{prefix}:Env:{MarkerVariable}", marker);
    }
}
