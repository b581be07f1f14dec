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
}
