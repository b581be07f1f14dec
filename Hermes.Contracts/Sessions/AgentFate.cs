namespace Hermes.Contracts.Sessions;

/// <summary>What happened to the session's cached agent at the end of a turn.</summary>
[GenerateSerializer, Alias("hermes.AgentFate")]
public enum AgentFate
{
    /// <summary>The agent stays cached for the next turn.</summary>
    Kept,

    /// <summary>The agent was dropped; the next turn builds a new one (MCP handles are kept).</summary>
    Dropped,

    /// <summary>No agent could be built for this turn (for example, no model is configured).</summary>
    NotBuilt,
}
