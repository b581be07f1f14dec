using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Models;

/// <summary>
/// Thrown instead of sending a request when every key of the provider is parked or resting: the provider is skipped
/// (no request reaches it) and the chain moves on at once, never retried.
/// </summary>
/// <param name="kind"><see cref="ErrorKind.Transient"/> while a key rests until its reset, <see cref="ErrorKind.Unauthorized"/> when all are parked.</param>
public sealed class ProviderUnavailableException(string provider, ErrorKind kind, string message, DateTimeOffset? readyAt) : Exception(message)
{
    public string Provider { get; } = provider;

    public ErrorKind Kind { get; } = kind;

    /// <summary>When the provider's first resting key is ready again, if one rests.</summary>
    public DateTimeOffset? ReadyAt { get; } = readyAt;
}
