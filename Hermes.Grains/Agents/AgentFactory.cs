using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Hermes.Grains.Mcp;
using Hermes.Grains.Models;
using Hermes.Grains.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Hermes.Grains.Agents;

/// <summary>Builds agents from the <c>Hermes:Model</c> and <c>Hermes:Agent</c> configuration.</summary>
public sealed class AgentFactory(
    IModelClientFactory modelClients,
    IOptionsMonitor<ModelOptions> modelOptions,
    IOptionsMonitor<AgentOptions> agentOptions) : IAgentFactory
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
        var signature = string.Join(
            '|',
            string.Join(',', chain),
            models.BaseUrl,
            Digest(models.ApiKey),
            agent.MaxIterations,
            agent.ToolCallTimeout,
            Digest(agent.SystemPrompt));
        return new AgentBlueprint(chain, agent.MaxIterations, agent.ToolCallTimeout, agent.SystemPrompt, signature);
    }

    public SessionAgent Create(AgentBlueprint blueprint, McpSessionHandles mcp)
    {
        var chain = new ModelChainClient([.. blueprint.Models.Select(model => new ModelRoute(model, Traced(new StreamGuardChatClient(modelClients.CreateClient(model)))))]);
        return new SessionAgent(blueprint, chain, mcp);
    }

    // Each model call becomes a GenAI span (with duration and token metrics) of its own, so that a fallback shows as a
    // failed call followed by a successful one. Message contents stay out of the telemetry.
    private static IChatClient Traced(IChatClient modelClient) =>
        modelClient.AsBuilder().UseOpenTelemetry(sourceName: HermesTelemetry.GenAISourceName).Build();

    // Only a digest of secrets may enter a signature.
    private static string Digest(string? value) =>
        string.IsNullOrEmpty(value) ? string.Empty : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)), 0, 8);
}
