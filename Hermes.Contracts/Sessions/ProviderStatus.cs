using System.Collections.Immutable;

namespace Hermes.Contracts.Sessions;

/// <summary>A configured model provider as the silo sees it now.</summary>
/// <param name="Name">The provider's configured name.</param>
/// <param name="Kind">Its protocol: <c>openai</c> or <c>anthropic</c>.</param>
/// <param name="Keys">Its credential pool, key by key; one entry without a key for an endpoint that needs none.</param>
[GenerateSerializer, Immutable, Alias("hermes.ProviderStatus")]
public sealed record ProviderStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] string Kind,
    [property: Id(2)] ImmutableArray<ProviderKeyStatus> Keys)
{
    /// <summary>True when some key can take a request now.</summary>
    public bool Available => Keys.Any(key => key.State == ProviderKeyState.Ready);
}
