using Microsoft.Extensions.AI;

namespace Hermes.Grains.Models;

/// <summary>
/// Creates the client that calls one model. Hosts replace it to call models another way (benchmarks use an in-process
/// model). Its clients are shared by every agent of the silo that calls the model (<see cref="SharedModelClients"/>), so
/// they must be safe to call concurrently and keep no per-session state.
/// </summary>
public interface IModelClientFactory
{
    IChatClient CreateClient(string modelId);

    /// <summary>A client for <paramref name="modelId"/> at the configured provider named <paramref name="provider"/>.</summary>
    /// <remarks>A factory that knows no providers calls every model the same way.</remarks>
    IChatClient CreateClient(string provider, string modelId) => CreateClient(modelId);
}
