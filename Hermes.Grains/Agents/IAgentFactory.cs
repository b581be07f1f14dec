using Hermes.Contracts.Mcp;
using Hermes.Grains.Mcp;

namespace Hermes.Grains.Agents;

/// <summary>Builds session agents from the host's configuration; injected so that each host (and each test) chooses models and tools.</summary>
public interface IAgentFactory
{
    /// <summary>The blueprint a session would be built from now, or null when no model is configured.</summary>
    /// <param name="modelOverride">The primary the session chose for itself, if any.</param>
    AgentBlueprint? Describe(string? modelOverride);

    /// <summary>Builds an agent that calls the session's MCP servers through <paramref name="mcp"/>, which it does not own.</summary>
    SessionAgent Create(AgentBlueprint blueprint, McpSessionHandles mcp);
}
