using System.Collections.Immutable;
using Hermes.Grains.Models;

namespace Hermes.Grains.Agents;

/// <summary>
/// What an agent is built from: the session's model chain (primary first, each model at its provider), the providers'
/// client settings and the tool-loop settings. <see cref="Signature"/> identifies it: a turn whose blueprint has another
/// signature rebuilds the agent.
/// </summary>
/// <param name="Connections">Each provider of the chain's <see cref="ModelProvider.Signature"/>: its settings and a digest of its keys, never a secret.</param>
/// <param name="NeverDowngrade">True when the session's route never falls over (the chain is then its primary alone).</param>
/// <param name="Summarizer">The model that writes compaction summaries, when it is not the session's own chain.</param>
public sealed record AgentBlueprint(
    ImmutableArray<ModelLink> Models,
    ImmutableDictionary<string, string> Connections,
    int MaxIterations,
    string? SystemPrompt,
    string Signature,
    bool NeverDowngrade = false,
    ModelLink? Summarizer = null)
{
    /// <summary>The primary's model id.</summary>
    public string Primary => Models[0].Model;

    /// <summary>The primary's provider as people read it (none on the shorthand's single endpoint).</summary>
    public string? PrimaryProvider => Models[0].ShownProvider;
}
