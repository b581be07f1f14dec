using System.Collections.Immutable;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Compaction;
using Hermes.Grains.Mcp;
using Hermes.Grains.Models;
using Hermes.ServiceDefaults.Secrets;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hermes.Grains.Agents;

/// <summary>Builds agents from the <c>Hermes:Model</c> (<see cref="ModelCatalog"/>), <c>Hermes:Agent</c> and <c>Hermes:Compaction</c> configuration.</summary>
public sealed class AgentFactory(
    SharedModelClients modelClients,
    ModelCatalogMonitor models,
    CredentialPools credentials,
    IOptionsMonitor<AgentOptions> agentOptions,
    IOptionsMonitor<CompactionOptions> compactionOptions,
    ILoggerFactory loggerFactory,
    SecretRedactor redactor) : IAgentFactory
{
    private readonly AgentBlueprintCache _blueprints = new();

    public AgentBlueprint? Describe(string? modelOverride, string? sessionKey = null)
    {
        var catalog = models.Current;
        var agent = agentOptions.CurrentValue;
        var compaction = compactionOptions.CurrentValue;
        var neverDowngrade = catalog.NeverDowngrades(sessionKey);
        // A static method, so that a turn whose blueprint is known allocates no closure.
        return _blueprints.GetOrAdd(catalog, agent, compaction, modelOverride, neverDowngrade, Describe);
    }

    private static AgentBlueprint? Describe(ModelCatalog catalog, AgentOptions agent, CompactionOptions compaction, string? modelOverride, bool neverDowngrade)
    {
        var chain = catalog.ChainFor(modelOverride, neverDowngrade);
        if (chain.IsEmpty)
        {
            return null;
        }

        // Summaries written by another model (Hermes:Compaction:SummaryModel) go to that model alone, at its provider.
        var summarizer = string.IsNullOrWhiteSpace(compaction.SummaryModel) ? null : catalog.Link(compaction.SummaryModel, chain[0].Provider);
        var connections = chain.Append(summarizer).OfType<ModelLink>().Select(link => link.Provider).Distinct(StringComparer.OrdinalIgnoreCase).ToImmutableDictionary(
            provider => provider,
            provider => catalog.Providers.TryGetValue(provider, out var configured) ? configured.Signature : provider,
            StringComparer.OrdinalIgnoreCase);
        var signature = string.Join(
            '|',
            string.Join(',', chain.Select(link => $"{link.Name}/{string.Join('+', link.FallOverOn.Order())}")),
            string.Join(',', connections.Values.Order(StringComparer.Ordinal)),
            agent.MaxIterations,
            ModelProvider.Digest(agent.SystemPrompt),
            ContextSignature(compaction, chain, summarizer),
            agent.LoopGuard.MaxRepeats,
            agent.LoopGuard.MaxConsecutiveFailures);
        return new AgentBlueprint(chain, connections, agent.MaxIterations, agent.SystemPrompt, signature, neverDowngrade, summarizer);
    }

    public SessionAgent Create(AgentBlueprint blueprint, McpSessionHandles mcp)
    {
        var compaction = compactionOptions.CurrentValue;
        var tokens = new TokenEstimator();
        ImmutableArray<ModelLink> links = blueprint.Summarizer is { } summaryLink ? [.. blueprint.Models, summaryLink] : blueprint.Models;
        ImmutableArray<ModelClientLease> leases = [.. links.Select(link => modelClients.Lease(blueprint.Connections[link.Provider], link.Model, link.Provider))];
        ImmutableArray<ModelRoute> routes = [.. blueprint.Models.Zip(leases, (link, lease) => Route(link, lease.Client, tokens, compaction))];
        var pipeline = ModelPipeline.ForAgent(routes, blueprint.MaxIterations, loggerFactory, redactor, ToolLoopGuard.InvokeAsync);

        // A summary written by another model goes through a chain of that model alone, fitted to its own window.
        var summarizer = blueprint.Summarizer is { } link ? Route(link, leases[^1].Client, tokens, compaction) : routes[0];
        var window = new AgentContextWindow(
            tokens, routes[0].ContextLength, summarizer.ContextLength, blueprint.Summarizer is null ? pipeline : new ModelChainClient([summarizer], redactor));
        return new SessionAgent(blueprint, pipeline, leases, mcp, redactor, window, agentOptions.CurrentValue.LoopGuard);
    }

    public ImmutableArray<ProviderStatus> Providers(AgentBlueprint blueprint) =>
        [.. blueprint.Connections.Keys.Order(StringComparer.Ordinal).Select(provider => credentials.For(provider).Status())];

    // A model with a known window is sent only what fits it (ContextWindowChatClient).
    private ModelRoute Route(ModelLink link, IChatClient client, TokenEstimator tokens, CompactionOptions compaction) =>
        ContextLength(link, compaction) is { } length
            ? new ModelRoute(link.Model, new ContextWindowChatClient(client, length, compaction.FitShare, tokens, redactor), length, link.ShownProvider, link.FallOverOn)
            : new ModelRoute(link.Model, client, null, link.ShownProvider, link.FallOverOn);

    private static int? ContextLength(ModelLink link, CompactionOptions compaction) => link.ContextLength ?? compaction.DefaultContextLength;

    // What of compaction shapes an agent: each model's window, how full a call may be, and who summarises.
    private static string ContextSignature(CompactionOptions compaction, ImmutableArray<ModelLink> chain, ModelLink? summarizer) =>
        $"{string.Join(',', chain.Select(link => ContextLength(link, compaction)))};{compaction.FitShare};{summarizer?.Name}";
}
