using System.ComponentModel;

namespace Hermes.Grains.Mcp;

/// <summary>
/// Whether a person decides before an MCP tool acts. Config keys <c>approval</c> (a server's tools) and
/// <c>tool_approval</c> (single tools, by name or glob): <c>allow</c>, <c>ask</c>, <c>ask-once</c> or <c>deny</c>.
/// Ordered from the loosest to the strictest.
/// </summary>
[TypeConverter(typeof(ToolPolicyConverter))]
public enum ToolPolicy
{
    /// <summary>The tool runs when the model calls it (the default).</summary>
    Allow,

    /// <summary>The first call in a session waits for approval; once approved, the tool is allowed for the rest of the session.</summary>
    AskOnce,

    /// <summary>Every call waits for the user's approval.</summary>
    Ask,

    /// <summary>The tool is not offered to the model at all.</summary>
    Deny,
}
