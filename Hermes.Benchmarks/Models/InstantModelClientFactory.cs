using Hermes.Grains.Models;
using Microsoft.Extensions.AI;

namespace Hermes.Benchmarks.Models;

/// <summary>Gives every model of the chain an <see cref="InstantChatClient"/>; registered in place of the OpenAI provider.</summary>
internal sealed class InstantModelClientFactory : IModelClientFactory
{
    public IChatClient CreateClient(string modelId) => new InstantChatClient(modelId);
}
