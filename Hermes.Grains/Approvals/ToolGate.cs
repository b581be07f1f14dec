using System.IO.Enumeration;
using Hermes.Grains.Mcp;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Approvals;

/// <summary>
/// Decides each tool's policy for one session: the operator's (the MCP server entry's <c>approval</c> and
/// <c>tool_approval</c>), made stricter by the user's own (<c>/deny</c>, <c>/allow</c> to ask), lifted to <c>allow</c>
/// only where the operator lets users (<c>user_may_allow</c>) or the user approved the tool for the session. It offers
/// the model the tools of a turn accordingly: denied ones not at all, the ones needing approval wrapped in
/// Microsoft.Extensions.AI's <see cref="ApprovalRequiredAIFunction"/>, so that the tool loop stops before calling them.
/// </summary>
public sealed class ToolGate(IReadOnlyDictionary<string, McpServerOptions> servers, SessionApprovals session)
{
    // The policies of the tools offered last, by the name the model calls them.
    private readonly Dictionary<string, ToolPolicy> _offered = new(StringComparer.Ordinal);

    /// <summary>The tools the model is offered this turn.</summary>
    public IEnumerable<AITool> Offer(IEnumerable<AITool> tools)
    {
        _offered.Clear();
        foreach (var tool in tools)
        {
            var policy = PolicyOf(tool);
            _offered[tool.Name] = policy;
            switch (policy)
            {
                case ToolPolicy.Deny:
                    break;
                case ToolPolicy.Ask or ToolPolicy.AskOnce when tool is AIFunction function:
                    yield return new ApprovalRequiredAIFunction(function);
                    break;
                default:
                    yield return tool;
                    break;
            }
        }
    }

    /// <summary>The policy a tool offered this turn had, by the name the model called it; <c>allow</c> for any other name.</summary>
    public ToolPolicy PolicyOf(string offeredName) => _offered.GetValueOrDefault(offeredName, ToolPolicy.Allow);

    /// <summary>The policy that applies to <paramref name="tool"/> in this session now.</summary>
    public ToolPolicy PolicyOf(AITool tool) =>
        tool is McpToolFunction mcp && servers.TryGetValue(mcp.ServerName, out var server)
            ? Effective(OperatorPolicy(server, mcp.ToolName), mcp.Name, server.UserMayAllow)
            : ToolPolicy.Allow;

    /// <summary>The operator's policy alone: what the user may not loosen.</summary>
    public ToolPolicy OperatorPolicyOf(AITool tool) =>
        tool is McpToolFunction mcp && servers.TryGetValue(mcp.ServerName, out var server) ? OperatorPolicy(server, mcp.ToolName) : ToolPolicy.Allow;

    /// <summary>True when the user may set <paramref name="tool"/> to <c>allow</c> with <c>/allow</c>.</summary>
    public bool UserMayAllow(AITool tool) => OperatorPolicyOf(tool) switch
    {
        ToolPolicy.Allow => true,
        ToolPolicy.Deny => false,
        _ => tool is McpToolFunction mcp && servers.TryGetValue(mcp.ServerName, out var server) && server.UserMayAllow,
    };

    /// <summary>True when <paramref name="pattern"/> is the tool's name or a glob that matches it.</summary>
    public static bool Matches(string pattern, string name) => FileSystemName.MatchesSimpleExpression(pattern, name, ignoreCase: false);

    private ToolPolicy Effective(ToolPolicy byOperator, string modelName, bool userMayAllow)
    {
        if (byOperator == ToolPolicy.Deny)
        {
            return ToolPolicy.Deny;
        }

        var policy = byOperator;
        if (MostSpecific(session.Overrides, modelName) is { } byUser)
        {
            // Users may always be stricter; looser only where the operator lets them.
            policy = byUser > byOperator || (byUser == ToolPolicy.Allow && userMayAllow) ? byUser : byOperator;
        }

        return policy is ToolPolicy.Ask or ToolPolicy.AskOnce && session.Allowed.Contains(modelName) ? ToolPolicy.Allow : policy;
    }

    private static ToolPolicy OperatorPolicy(McpServerOptions server, string toolName) =>
        MostSpecific(server.ToolApproval, toolName) ?? server.Approval;

    // An exact name wins over any glob, a longer glob over a shorter one.
    private static ToolPolicy? MostSpecific(IReadOnlyDictionary<string, ToolPolicy> policies, string name)
    {
        // Most sessions and servers set no policy per tool: asked for every tool of every turn.
        if (policies.Count == 0)
        {
            return null;
        }

        if (policies.TryGetValue(name, out var exact))
        {
            return exact;
        }

        return policies.Where(entry => Matches(entry.Key, name)).OrderByDescending(entry => entry.Key.Length).Select(entry => (ToolPolicy?)entry.Value).FirstOrDefault();
    }
}
