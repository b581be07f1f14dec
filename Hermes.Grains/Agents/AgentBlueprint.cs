using System.Collections.Immutable;

namespace Hermes.Grains.Agents;

/// <summary>
/// What an agent is built from: the session's model chain (primary first) and the tool-loop settings.
/// <see cref="Signature"/> identifies it: a turn whose blueprint has another signature rebuilds the agent.
/// </summary>
public sealed record AgentBlueprint(
    ImmutableArray<string> Models,
    int MaxIterations,
    TimeSpan ToolCallTimeout,
    string? SystemPrompt,
    string Signature)
{
    public string Primary => Models[0];
}
