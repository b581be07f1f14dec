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

    public static string EverythingScript => Installed(Path.Combine(NodeModules, "@modelcontextprotocol", "server-everything", "dist", "index.js"));

    public static string MemoryScript => Installed(Path.Combine(NodeModules, "@modelcontextprotocol", "server-memory", "dist", "index.js"));

    /// <summary>server-everything over stdio: tools such as <c>echo</c>, <c>get-sum</c>, <c>get-env</c> and a long-running operation.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Everything(string name, string marker) =>
        Stdio(name, marker, "node", EverythingScript, "stdio");

    /// <summary>server-memory over stdio, writing its knowledge graph to <paramref name="memoryFile"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Memory(string name, string marker, string memoryFile) =>
        Stdio(name, marker, "node", MemoryScript).Append(new($"Hermes:Mcp:Servers:{name}:Env:MEMORY_FILE_PATH", memoryFile));

    /// <summary>
    /// server-everything started by a shell that first leaves a <c>sleep</c> running in the background: an orphan under PID 1
    /// that holds the server's pipes, the leak the SDK's own dispose cannot clean up.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> EverythingWithOrphan(string name, string marker) =>
        Stdio(name, marker, "/bin/sh", "-c", $"(sleep 600 &); exec node '{EverythingScript}' stdio");

    /// <summary>A "server" that appends a line to <paramref name="spawnLog"/> and exits with code 3 before any handshake.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> CrashOnStart(string name, string marker, string spawnLog) =>
        Stdio(name, marker, "node", "-e", "require('fs').appendFileSync(process.env.SPAWN_LOG, 'spawn\\n'); process.exit(3)")
            .Append(new($"Hermes:Mcp:Servers:{name}:Env:SPAWN_LOG", spawnLog));

    /// <summary>server-everything started by a shell that first appends a line to <paramref name="spawnLog"/>, to count its starts.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> EverythingCountingStarts(string name, string marker, string spawnLog) =>
        Stdio(name, marker, "/bin/sh", "-c", $"echo spawn >> \"$SPAWN_LOG\"; exec node '{EverythingScript}' stdio")
            .Append(new($"Hermes:Mcp:Servers:{name}:Env:SPAWN_LOG", spawnLog));

    /// <summary>
    /// server-everything that starts well once (so its tools get listed) and then exits with code 3 at every start, as a
    /// server does whose installation broke; each start appends a line to <paramref name="spawnLog"/>.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> EverythingBrokenAfterFirstStart(string name, string marker, string spawnLog) =>
        Stdio(
                name,
                marker,
                "/bin/sh",
                "-c",
                $"echo spawn >> \"$SPAWN_LOG\"; [ -e \"$SPAWN_LOG.started\" ] && exit 3; touch \"$SPAWN_LOG.started\"; exec node '{EverythingScript}' stdio")
            .Append(new($"Hermes:Mcp:Servers:{name}:Env:SPAWN_LOG", spawnLog));

    /// <summary>
    /// A stdio server written with the official TypeScript SDK that offers <c>grow</c>, which adds a tool <c>grown</c> to
    /// the running server: the SDK then sends <c>notifications/tools/list_changed</c>.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> Growing(string name, string marker) =>
        Stdio(name, marker, "node", "--input-type=module", "-e", """
            import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
            import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
            const server = new McpServer({ name: 'growing', version: '1.0.0' });
            const text = (value) => ({ content: [{ type: 'text', text: value }] });
            server.registerTool('grow', { description: 'Adds the tool grown.' }, async () => {
              server.registerTool('grown', { description: 'Was added.' }, async () => text('grown'));
              return text('grew');
            });
            await server.connect(new StdioServerTransport());
            """)
            .Append(new($"Hermes:Mcp:Servers:{name}:Cwd", Path.GetDirectoryName(NodeModules)));

    /// <summary>
    /// A stdio server written with the official TypeScript SDK that counts what it does: <c>record(note)</c> appends the
    /// note as a line to <paramref name="callLog"/> and answers "recorded: {note}"; <c>peek</c> answers the number of lines.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> Recorder(string name, string marker, string callLog) =>
        Stdio(name, marker, "node", "--input-type=module", "-e", """
            import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
            import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
            import { appendFileSync, existsSync, readFileSync } from 'node:fs';
            import { z } from 'zod';
            const server = new McpServer({ name: 'recorder', version: '1.0.0' });
            const text = (value) => ({ content: [{ type: 'text', text: value }] });
            server.registerTool('record', { description: 'Records a note.', inputSchema: { note: z.string() } }, async ({ note }) => {
              appendFileSync(process.env.CALL_LOG, note + '\n');
              return text('recorded: ' + note);
            });
            server.registerTool('peek', { description: 'Counts the notes.' }, async () =>
              text(String(existsSync(process.env.CALL_LOG) ? readFileSync(process.env.CALL_LOG, 'utf8').split('\n').filter(Boolean).length : 0)));
            await server.connect(new StdioServerTransport());
            """)
            .Append(new($"Hermes:Mcp:Servers:{name}:Cwd", Path.GetDirectoryName(NodeModules)))
            .Append(new($"Hermes:Mcp:Servers:{name}:Env:CALL_LOG", callLog));

    private static IEnumerable<KeyValuePair<string, string?>> Stdio(string name, string marker, string command, params string[] arguments)
    {
        var prefix = $"Hermes:Mcp:Servers:{name}";
        yield return new($"{prefix}:Command", command);
        for (var i = 0; i < arguments.Length; i++)
        {
            yield return new($"{prefix}:Args:{i}", arguments[i]);
        }

        yield return new($"{prefix}:Env:{MarkerVariable}", marker);
    }

    private static string Installed(string script) => File.Exists(script)
        ? script
        : throw new FileNotFoundException($"MCP server not installed: {script}. The test project's build runs 'npm ci' in mcp-servers/.", script);
}
