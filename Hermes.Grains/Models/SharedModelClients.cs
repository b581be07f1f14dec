using Microsoft.Extensions.AI;

namespace Hermes.Grains.Models;

/// <summary>
/// The silo's per-model clients (<see cref="ModelPipeline.ForModel"/>), one per endpoint and model, shared by every agent
/// that calls that model. The clients hold no per-session state (a turn's position in the chain is the turn's), and each
/// OpenTelemetry wrapper registers an <c>ActivitySource</c> and a <c>Meter</c> process-wide: one per agent would cost
/// memory per cached agent and make every agent build slower as the number of live agents grows.
/// </summary>
/// <remarks>
/// Agents lease clients and the last lease to go disposes its client, so that a model a session chose with <c>/model</c>,
/// or the endpoint and key before a rotation, stays in memory only while some agent still uses it.
/// </remarks>
public sealed class SharedModelClients(IModelClientFactory modelClients) : IDisposable
{
    private readonly Dictionary<(string Connection, string ModelId), SharedClient> _clients = [];
    private bool _disposed;

    /// <summary>A lease on the client for <paramref name="modelId"/> at the endpoint and credentials that <paramref name="connection"/> names.</summary>
    /// <param name="connection">Identifies the endpoint and credentials, never a secret itself (<see cref="Agents.AgentBlueprint.Connections"/>).</param>
    /// <param name="modelId">The model id at the provider.</param>
    /// <param name="provider">The configured provider to call it at; null for a factory that knows no providers.</param>
    public ModelClientLease Lease(string connection, string modelId, string? provider = null)
    {
        lock (_clients)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var key = (connection, modelId);
            if (!_clients.TryGetValue(key, out var shared))
            {
                shared = new SharedClient(ModelPipeline.ForModel(provider is null ? modelClients.CreateClient(modelId) : modelClients.CreateClient(provider, modelId)));
                _clients.Add(key, shared);
            }

            shared.Leases++;
            return new ModelClientLease(shared.Client, () => Return(key, shared));
        }
    }

    public void Dispose()
    {
        lock (_clients)
        {
            _disposed = true;
            foreach (var shared in _clients.Values)
            {
                shared.Client.Dispose();
            }

            _clients.Clear();
        }
    }

    private void Return((string, string) key, SharedClient shared)
    {
        lock (_clients)
        {
            if (--shared.Leases == 0 && _clients.Remove(key))
            {
                shared.Client.Dispose();
            }
        }
    }

    private sealed class SharedClient(IChatClient client)
    {
        public IChatClient Client { get; } = client;

        public int Leases { get; set; }
    }
}
