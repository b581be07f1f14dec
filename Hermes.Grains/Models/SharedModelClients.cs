using System.Collections.Concurrent;
using Hermes.Grains.Telemetry;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Models;

/// <summary>
/// One traced client per model for the whole silo, shared by every session's agent. The model clients hold no per-session
/// state (the per-turn position lives in each agent's <see cref="ModelChainClient"/>), and each OpenTelemetry wrapper
/// registers an <c>ActivitySource</c> and a <c>Meter</c> process-wide: one per agent would cost memory per cached agent
/// and make every agent build slower as the number of live agents grows.
/// </summary>
public sealed class SharedModelClients(IModelClientFactory modelClients) : IDisposable
{
    private readonly ConcurrentDictionary<(string Connection, string ModelId), IChatClient> _clients = new();

    /// <summary>The client for <paramref name="modelId"/> at the endpoint and credentials that <paramref name="connection"/> names.</summary>
    /// <param name="connection">
    /// Identifies the endpoint and credentials (never a secret itself): a change of either makes new clients, while agents
    /// built before the change keep theirs until they are dropped.
    /// </param>
    public IChatClient For(string connection, string modelId) =>
        _clients.GetOrAdd((connection, modelId), key => Traced(new StreamGuardChatClient(modelClients.CreateClient(key.ModelId))));

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
    }

    // Each model call becomes a GenAI span (with duration and token metrics) of its own, so that a fallback shows as a
    // failed call followed by a successful one. Message contents stay out of the telemetry.
    private static IChatClient Traced(IChatClient modelClient) =>
        modelClient.AsBuilder().UseOpenTelemetry(sourceName: HermesTelemetry.GenAISourceName).Build();
}
