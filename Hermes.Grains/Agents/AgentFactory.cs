using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Hermes.Contracts.Mcp;
using Hermes.Grains.Mcp;
using Hermes.Grains.Models;
using Hermes.ServiceDefaults.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hermes.Grains.Agents;

/// <summary>Builds agents from the <c>Hermes:Model</c> and <c>Hermes:Agent</c> configuration.</summary>
public sealed class AgentFactory(
    SharedModelClients modelClients,
    IOptionsMonitor<ModelOptions> modelOptions,
    IOptionsMonitor<AgentOptions> agentOptions,
    ILoggerFactory loggerFactory,
    SecretRedactor redactor) : IAgentFactory
{
    public AgentBlueprint? Describe(string? modelOverride)
    {
        var models = modelOptions.CurrentValue;
        var agent = agentOptions.CurrentValue;
        var primary = string.IsNullOrWhiteSpace(modelOverride) ? models.Primary : modelOverride;
        if (string.IsNullOrWhiteSpace(primary))
        {
            return null;
        }

        var chain = models.Fallbacks
            .Where(fallback => !string.IsNullOrWhiteSpace(fallback))
            .Prepend(primary)
            .Distinct(StringComparer.Ordinal)
            .ToImmutableArray();
        var connection = $"{models.BaseUrl}|{Digest(models.ApiKey)}";
        var signature = string.Join(
            '|',
            string.Join(',', chain),
            connection,
            agent.MaxIterations,
            Digest(agent.SystemPrompt));
        return new AgentBlueprint(chain, connection, agent.MaxIterations, agent.SystemPrompt, signature);
    }

    public SessionAgent Create(AgentBlueprint blueprint, McpSessionHandles mcp)
    {
        ImmutableArray<ModelClientLease> leases = [.. blueprint.Models.Select(model => modelClients.Lease(blueprint.Connection, model))];
        var pipeline = ModelPipeline.ForAgent(
            [.. blueprint.Models.Zip(leases, (model, lease) => new ModelRoute(model, lease.Client))],
            blueprint.MaxIterations,
            loggerFactory,
            redactor);
        return new SessionAgent(blueprint, pipeline, leases, mcp, redactor);
    }

    // Only a digest of secrets may enter a signature.
    private static string Digest(string? value) =>
        string.IsNullOrEmpty(value) ? string.Empty : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)), 0, 8);
}
