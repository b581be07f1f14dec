using Microsoft.Extensions.AI;

namespace Hermes.Grains.Models;

/// <summary>An agent's use of one of the silo's shared model clients (<see cref="SharedModelClients"/>); disposing it returns the client.</summary>
public sealed class ModelClientLease(IChatClient client, Action release) : IDisposable
{
    private Action? _release = release;

    public IChatClient Client { get; } = client;

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
