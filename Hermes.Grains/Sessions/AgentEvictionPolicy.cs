using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Sessions;

/// <summary>
/// The rule at the heart of Hermes, decided once after each turn (DESIGN §2): drop the agent only when the turn
/// succeeded on a fallback model, so that the next message tries the primary again. A failed turn keeps its agent,
/// so that a session whose model keeps failing answers fast and never rebuilds its agent or respawns MCP servers.
/// </summary>
public static class AgentEvictionPolicy
{
    /// <returns>Why the agent must be dropped, or null when it is kept.</returns>
    public static AgentDropReason? Decide(TurnOutcome outcome, bool fallbackUsed) => outcome switch
    {
        TurnOutcome.Completed when fallbackUsed => AgentDropReason.FallbackSucceeded,
        _ => null,
    };
}
