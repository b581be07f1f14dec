using System.Collections.Immutable;

namespace Hermes.Grains.Agents;

/// <summary>
/// What an agent is built from: the session's model chain (primary first), the endpoint its models are called at and the
/// tool-loop settings. <see cref="Signature"/> identifies it: a turn whose blueprint has another signature rebuilds the agent.
/// </summary>
/// <param name="Connection">The model endpoint and a digest of its credentials, never the secret itself.</param>
public sealed record AgentBlueprint(
    ImmutableArray<string> Models,
    string Connection,
    int MaxIterations,
    string? SystemPrompt,
    string Signature)
{
    public string Primary => Models[0];
}
