using Hermes.Contracts.Sessions;
using Hermes.Grains.Agents;

namespace Hermes.Grains.Sessions;

/// <summary>Builds what <c>/status</c>, <c>/usage</c> and operators see of a session: its durable state and what runs beside it.</summary>
public static class SessionSnapshots
{
    /// <param name="agents">Tells what an agent would be built from now, and how its providers stand.</param>
    public static SessionSnapshot Of(string sessionKey, SessionState state, IAgentFactory agents, AgentSlot slot, TurnScheduler turns) =>
        Of(sessionKey, state, agents.Describe(state.ModelOverride, sessionKey), agents, slot, turns);

    private static SessionSnapshot Of(string sessionKey, SessionState state, AgentBlueprint? blueprint, IAgentFactory agents, AgentSlot slot, TurnScheduler turns) => new(
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
        blueprint is null ? [] : [.. blueprint.Models.Skip(1).Select(model => model.Name)],
        state.ModelOverride is not null,
        turns.IsRunning,
        turns.Waiting,
        state.ArchivedMessages,
        [.. state.EarlierConversations],
        blueprint?.PrimaryProvider,
        [.. state.UsageByModel.Select(model => new ModelUsage(model.Key, model.Value))],
        blueprint is null ? [] : agents.Providers(blueprint),
        blueprint?.NeverDowngrade ?? false,
        state.Summary);
}
