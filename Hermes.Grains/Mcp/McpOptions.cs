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
    /// The most MCP server processes (descendants included) the silo runs at once, so that many sessions cannot exhaust
    /// the host. At the limit a start first closes the least recently used session server with no call in flight; with
    /// every process in use, the call that would start another gets an error naming the limit.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxProcesses { get; set; } = 100;

    /// <summary>
    /// How long a session's own server may go without a call before its process is closed; the next call starts it again
    /// and the model keeps seeing its tools meanwhile. Five minutes by default: a start costs about half a second and
    /// 0.4 s of CPU, and the calls of one conversation come seconds or a minute apart, so a working session stays warm while
    /// a session that has gone quiet gives back its ~70 MB within minutes instead of when its grain is collected.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The resident memory, in MB, that the processes of the pool may hold together (read from <c>/proc</c>). Past it the
    /// least recently used session servers with no call in flight are closed first; 0 turns the budget off. 2048 MB by
    /// default: about thirty official Node.js servers (~70 MB each), a fraction of a small host, leaving the rest to the silo.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MemoryBudget { get; set; } = 2048;

    /// <summary>How often the pool looks for idle session servers and checks the memory budget.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most processes of one server configuration that may be starting at once while it starts well. While its starts
    /// fail (or before its first start succeeded) only one may be starting, however many sessions wait for it.
    /// </summary>
    [Range(1, 1_000)]
    public int MaxConcurrentStarts { get; set; } = 4;

    /// <summary>How long a shared server stays connected after the last session released it.</summary>
    public TimeSpan SharedIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The wait before the second attempt to start a server configuration that failed; it doubles with each failure in a row.
    /// Failures are counted per configuration across all the silo's sessions.
    /// </summary>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts to reach a failing server.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromMinutes(2);
}
