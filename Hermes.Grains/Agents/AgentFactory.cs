using System.Collections.Immutable;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Mcp;
using Hermes.Grains.Models;
using Hermes.ServiceDefaults.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hermes.Grains.Agents;

/// <summary>Builds agents from the <c>Hermes:Model</c> (<see cref="ModelCatalog"/>) and <c>Hermes:Agent</c> configuration.</summary>
public sealed class AgentFactory(
    SharedModelClients modelClients,
    ModelCatalogMonitor models,
    CredentialPools credentials,
    IOptionsMonitor<AgentOptions> agentOptions,
    ILoggerFactory loggerFactory,
    SecretRedactor redactor) : IAgentFactory
{
    public AgentBlueprint? Describe(string? modelOverride, string? sessionKey = null)
    {
        var catalog = models.Current;
        var agent = agentOptions.CurrentValue;
        var chain = catalog.ChainFor(modelOverride, sessionKey);
        if (chain.IsEmpty)
        {
            return null;
        }

        var connections = chain.Select(link => link.Provider).Distinct(StringComparer.OrdinalIgnoreCase).ToImmutableDictionary(
            provider => provider,
            provider => catalog.Providers.TryGetValue(provider, out var configured) ? configured.Signature : provider,
            StringComparer.OrdinalIgnoreCase);
        var signature = string.Join(
            '|',
            string.Join(',', chain.Select(link => $"{link.Name}/{string.Join('+', link.FallOverOn.Order())}")),
            string.Join(',', connections.Values.Order(StringComparer.Ordinal)),
            agent.MaxIterations,
            ModelProvider.Digest(agent.SystemPrompt));
        return new AgentBlueprint(chain, connections, agent.MaxIterations, agent.SystemPrompt, signature, catalog.NeverDowngrades(sessionKey));
    }

    public SessionAgent Create(AgentBlueprint blueprint, McpSessionHandles mcp)
    {
        ImmutableArray<ModelClientLease> leases = [.. blueprint.Models.Select(link => modelClients.Lease(blueprint.Connections[link.Provider], link.Model, link.Provider))];
        var pipeline = ModelPipeline.ForAgent(
            [.. blueprint.Models.Zip(leases, (link, lease) => new ModelRoute(link.Model, lease.Client, link.ContextLength, link.ShownProvider, link.FallOverOn))],
            blueprint.MaxIterations,
            loggerFactory,
            redactor);
        return new SessionAgent(blueprint, pipeline, leases, mcp, redactor);
    }

    public ImmutableArray<ProviderStatus> Providers(AgentBlueprint blueprint) =>
        [.. blueprint.Connections.Keys.Order(StringComparer.Ordinal).Select(provider => credentials.For(provider).Status())];
}
