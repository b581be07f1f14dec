using System.Collections.Immutable;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Mcp;

namespace Hermes.Grains.Agents;

/// <summary>Builds session agents from the host's configuration; injected so that each host (and each test) chooses models and tools.</summary>
public interface IAgentFactory
{
    /// <summary>The blueprint a session would be built from now, or null when no model is configured.</summary>
    /// <param name="modelOverride">The primary the session chose for itself, if any: a model id or <c>provider:model</c>.</param>
    /// <param name="sessionKey">The session, whose route may be one that never downgrades.</param>
    AgentBlueprint? Describe(string? modelOverride, string? sessionKey = null);

    /// <summary>Builds an agent that calls the session's MCP servers through <paramref name="mcp"/>, which it does not own.</summary>
    SessionAgent Create(AgentBlueprint blueprint, McpSessionHandles mcp);

    /// <summary>The silo's view of the providers <paramref name="blueprint"/> calls: their keys ready, parked or resting.</summary>
    ImmutableArray<ProviderStatus> Providers(AgentBlueprint blueprint);
}
