using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;

namespace Hermes.Benchmarks.Scenarios.RestartLoop;

/// <summary>
/// What becomes of a session's agent and MCP connections after a turn. Hermes decides inside the grain, on a silo with the
/// shipped defaults (a session's servers start on a tool's first call). The ancestor's two policies are played from outside
/// it, on a silo whose servers start with the session as the ancestor's did, by asking for the operator release (agent and
/// MCP handles) after the turns they would have dropped both after: the next message then rebuilds the agent and starts
/// its servers again.
/// </summary>
/// <param name="Name">How the tables name it.</param>
/// <param name="ServersStartWithSession">True to run on a silo whose servers start when a session speaks (<c>start: with-session</c>).</param>
/// <param name="ReleasesAfter">Whether the operator release follows a turn with this result.</param>
internal sealed record SessionPolicy(string Name, bool ServersStartWithSession, Func<TurnResult, bool> ReleasesAfter)
{
    /// <summary>Hermes' own rule: only the agent is dropped, after a fallback success; MCP connections stay.</summary>
    public static SessionPolicy Hermes { get; } = new("Hermes", ServersStartWithSession: false, _ => false);

    /// <summary>The ancestor after its fix: agent and MCP connections dropped after a turn a fallback answered.</summary>
    public static SessionPolicy AncestorAfterFix { get; } = new(
        "ancestor after its fix", ServersStartWithSession: true, turn => turn.Outcome == TurnOutcome.Completed && turn.FallbackUsed);

    /// <summary>The ancestor before its fix: agent and MCP connections dropped after any turn that reached a fallback, failed or not.</summary>
    public static SessionPolicy AncestorBeforeFix { get; } = new("ancestor before its fix", ServersStartWithSession: true, ReachedFallback);

    public static IReadOnlyList<SessionPolicy> All { get; } = [Hermes, AncestorAfterFix, AncestorBeforeFix];

    /// <summary>How the tables name the silo this policy runs on.</summary>
    public string ServersStart => ServersStartWithSession ? "with the session" : "on first call";

    // These turns call no tool, so a second model call means the chain moved on to the fallback.
    private static bool ReachedFallback(TurnResult turn) => turn.FallbackUsed || (turn.ToolCalls == 0 && turn.ApiCalls > 1);
}
