using Hermes.Contracts.Sessions;
using Hermes.Grains.Agents;

namespace Hermes.Grains.Sessions;

/// <summary>Builds what <c>/status</c>, <c>/usage</c> and operators see of a session: its durable state and what runs beside it.</summary>
public static class SessionSnapshots
{
    /// <param name="blueprint">What an agent would be built from now; null when no model is configured.</param>
    public static SessionSnapshot Of(string sessionKey, SessionState state, AgentBlueprint? blueprint, AgentSlot slot, TurnScheduler turns) => new(
        sessionKey,
        state.SessionId,
        state.Transcript.Count,
        state.TurnCount,
        blueprint?.Primary,
        state.LastTurn,
        state.Counters,
        slot.HasAgent,
        state.Usage,
        slot.Servers,
        blueprint is null ? [] : blueprint.Models.RemoveAt(0),
        state.ModelOverride is not null,
        turns.IsRunning,
        turns.Waiting,
        state.ArchivedMessages,
        [.. state.EarlierConversations],
        state.Summary);
}
