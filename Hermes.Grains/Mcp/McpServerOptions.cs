using Hermes.Contracts.Mcp;
using Microsoft.Extensions.Configuration;

namespace Hermes.Grains.Mcp;

/// <summary>
/// One MCP server, in the ancestor's <c>mcp_servers</c> shape: stdio (<c>command</c>, <c>args</c>, <c>env</c>, <c>cwd</c>)
/// or HTTP (<c>url</c>, <c>headers</c>).
/// </summary>
public sealed class McpServerOptions
{
    public string? Command { get; set; }

    public List<string> Args { get; set; } = [];

    /// <summary>Environment of a stdio server, on top of a minimal safe base; the silo's own environment is never passed.</summary>
    public Dictionary<string, string> Env { get; set; } = [];

    public string? Cwd { get; set; }

    public Uri? Url { get; set; }

    public Dictionary<string, string> Headers { get; set; } = [];

    public bool Enabled { get; set; } = true;

    /// <summary><c>session</c>: a connection (and process) per session; <c>shared</c>: one per silo for all sessions.</summary>
    public McpServerScope Scope { get; set; } = McpServerScope.Session;

    /// <summary>
    /// When a session's own server starts: <c>on-first-call</c> (the default: a session that never calls its tools runs no
    /// process) or <c>with-session</c> (when the session first speaks, for a server whose tools depend on the session).
    /// A shared server is one process for the whole silo and starts with the first session that holds it.
    /// </summary>
    public McpServerStart Start { get; set; } = McpServerStart.OnFirstCall;

    /// <summary>Seconds one tool call may take before the model gets a timeout error as the tool's result.</summary>
    [ConfigurationKeyName("timeout")]
    public double TimeoutSeconds { get; set; } = 300;

    /// <summary>Seconds allowed to start the server and complete the MCP handshake.</summary>
    [ConfigurationKeyName("connect_timeout")]
    public double ConnectTimeoutSeconds { get; set; } = 60;

    /// <summary>Only these tools are offered to the model (all when empty).</summary>
    public List<string> Include { get; set; } = [];

    /// <summary>These tools are never offered to the model.</summary>
    public List<string> Exclude { get; set; } = [];

    /// <summary>Whether a person decides before this server's tools act (<see cref="ToolPolicy"/>); <c>allow</c> by default.</summary>
    public ToolPolicy Approval { get; set; } = ToolPolicy.Allow;

    /// <summary>
    /// Policies of single tools, by the server's tool name or a glob of it (<c>delete_*</c>), above <see cref="Approval"/>:
    /// an exact name wins over a glob, a longer glob over a shorter one.
    /// </summary>
    [ConfigurationKeyName("tool_approval")]
    public Dictionary<string, ToolPolicy> ToolApproval { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether a session's user may lift this server's <c>ask</c> and <c>ask-once</c> tools to <c>allow</c> with
    /// <c>/allow</c>. Off by default: users may always make a policy stricter, and approve single calls.
    /// </summary>
    [ConfigurationKeyName("user_may_allow")]
    public bool UserMayAllow { get; set; }

    public McpTransportKind Transport => Url is null ? McpTransportKind.Stdio : McpTransportKind.Http;

    /// <remarks>Not named <c>Timeout</c>: the configuration binder would match the key <c>timeout</c> to it as well and drop the server.</remarks>
    public TimeSpan CallTimeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public TimeSpan ConnectTimeout => TimeSpan.FromSeconds(ConnectTimeoutSeconds);

    /// <summary>True for tools the include/exclude lists let through.</summary>
    public bool Offers(string toolName) =>
        (Include.Count == 0 || Include.Contains(toolName, StringComparer.Ordinal)) && !Exclude.Contains(toolName, StringComparer.Ordinal);
}
