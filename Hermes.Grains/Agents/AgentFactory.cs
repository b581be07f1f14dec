using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Hermes.Contracts.Mcp;
using Hermes.Grains.Compaction;
using Hermes.Grains.Mcp;
using Hermes.Grains.Models;
using Hermes.ServiceDefaults.Secrets;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hermes.Grains.Agents;

/// <summary>Builds agents from the <c>Hermes:Model</c> and <c>Hermes:Agent</c> configuration.</summary>
public sealed class AgentFactory(
    SharedModelClients modelClients,
    IOptionsMonitor<ModelOptions> modelOptions,
    IOptionsMonitor<AgentOptions> agentOptions,
    IOptionsMonitor<CompactionOptions> compactionOptions,
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
            Digest(agent.SystemPrompt),
            ContextSignature(models, compactionOptions.CurrentValue, chain),
            agent.LoopGuard.MaxRepeats,
            agent.LoopGuard.MaxConsecutiveFailures);
        return new AgentBlueprint(chain, connection, agent.MaxIterations, agent.SystemPrompt, signature);
    }

    public SessionAgent Create(AgentBlueprint blueprint, McpSessionHandles mcp)
    {
        var compaction = compactionOptions.CurrentValue;
        var tokens = new TokenEstimator();
        var summaryModel = string.IsNullOrWhiteSpace(compaction.SummaryModel) ? null : compaction.SummaryModel;
        ImmutableArray<ModelClientLease> leases =
            [.. blueprint.Models.Append(summaryModel).OfType<string>().Select(model => modelClients.Lease(blueprint.Connection, model))];
        ImmutableArray<ModelRoute> routes = [.. blueprint.Models.Zip(leases, (model, lease) => Route(model, lease.Client, tokens, compaction))];
        var pipeline = ModelPipeline.ForAgent(routes, blueprint.MaxIterations, loggerFactory, redactor, ToolLoopGuard.InvokeAsync);

        // A summary written by another model goes through a chain of that model alone, fitted to its own window.
        var summarizer = summaryModel is null ? routes[0] : Route(summaryModel, leases[^1].Client, tokens, compaction);
        var window = new AgentContextWindow(
            tokens, routes[0].ContextLength, summarizer.ContextLength, summaryModel is null ? pipeline : new ModelChainClient([summarizer], redactor));
        return new SessionAgent(blueprint, pipeline, leases, mcp, redactor, window, agentOptions.CurrentValue.LoopGuard);
    }

    // A model with a known window is sent only what fits it (ContextWindowChatClient).
    private ModelRoute Route(string model, IChatClient client, TokenEstimator tokens, CompactionOptions compaction) =>
        ContextLength(modelOptions.CurrentValue, compaction, model) is { } length
            ? new ModelRoute(model, new ContextWindowChatClient(client, length, compaction.FitShare, tokens, redactor), length)
            : new ModelRoute(model, client);

    private static int? ContextLength(ModelOptions models, CompactionOptions compaction, string model) =>
        models.ContextLengths.TryGetValue(model, out var length) ? length : compaction.DefaultContextLength;

    // What of compaction shapes an agent: each model's window, how full a call may be, and who summarises.
    private static string ContextSignature(ModelOptions models, CompactionOptions compaction, ImmutableArray<string> chain) =>
        $"{string.Join(',', chain.Select(model => ContextLength(models, compaction, model)))};{compaction.FitShare};{compaction.SummaryModel}";

    // Only a digest of secrets may enter a signature.
    private static string Digest(string? value) =>
        string.IsNullOrEmpty(value) ? string.Empty : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)), 0, 8);
}
