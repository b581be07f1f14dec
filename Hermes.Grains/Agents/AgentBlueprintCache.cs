using System.Collections.Concurrent;
using Hermes.Grains.Compaction;
using Hermes.Grains.Models;

namespace Hermes.Grains.Agents;

/// <summary>
/// The blueprints <see cref="AgentFactory"/> described for the configuration it last saw. Every turn asks for its session's
/// blueprint to know whether the cached agent is still current; building the signature each time cost about 2% of a
/// failed turn's CPU, and the answer only changes when the configuration does.
/// </summary>
/// <remarks>
/// Options monitors hand out the same instances until a reload, so the configuration is known by reference. A blueprint
/// depends on the session only through its model override and whether its route never downgrades, which is the key.
/// </remarks>
internal sealed class AgentBlueprintCache
{
    // Overrides are the users' own /model choices: enough room for a silo's variety, never a leak.
    private const int MostBlueprints = 256;

    private Generation _generation = new(null, null, null);

    /// <param name="describe">Describes a blueprint the cache does not hold, from the same arguments.</param>
    public AgentBlueprint? GetOrAdd(
        ModelCatalog catalog,
        AgentOptions agent,
        CompactionOptions compaction,
        string? modelOverride,
        bool neverDowngrade,
        Func<ModelCatalog, AgentOptions, CompactionOptions, string?, bool, AgentBlueprint?> describe)
    {
        var generation = _generation;
        if (!ReferenceEquals(generation.Catalog, catalog) || !ReferenceEquals(generation.Agent, agent) || !ReferenceEquals(generation.Compaction, compaction))
        {
            generation = new Generation(catalog, agent, compaction);
            _generation = generation;
        }

        var key = (modelOverride ?? string.Empty, neverDowngrade);
        if (generation.Blueprints.TryGetValue(key, out var known))
        {
            return known;
        }

        var blueprint = describe(catalog, agent, compaction, modelOverride, neverDowngrade);
        if (generation.Blueprints.Count >= MostBlueprints)
        {
            generation.Blueprints.Clear();
        }

        generation.Blueprints[key] = blueprint;
        return blueprint;
    }

    private sealed record Generation(ModelCatalog? Catalog, AgentOptions? Agent, CompactionOptions? Compaction)
    {
        public ConcurrentDictionary<(string Override, bool NeverDowngrade), AgentBlueprint?> Blueprints { get; } = new();
    }
}
