using Microsoft.Extensions.AI;

namespace Hermes.Grains.Models;

/// <summary>Creates the client that calls one model. Hosts replace it to call models another way (benchmarks use an in-process model).</summary>
public interface IModelClientFactory
{
    IChatClient CreateClient(string modelId);
}
