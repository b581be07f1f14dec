using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Models;

/// <summary>
/// Thrown instead of sending a request when every key of the provider rests for the model until a reset its provider
/// announced: the model is skipped (no request reaches it) and the chain moves on at once, never retried.
/// </summary>
public sealed class ModelRestingException(string provider, string model, DateTimeOffset readyAt)
    : Exception($"{ModelName.Of(provider, model)} is rate-limited until {readyAt.UtcDateTime:HH:mm:ss} UTC on every key; skipped until then.")
{
    public string Provider { get; } = provider;

    public string Model { get; } = model;

    /// <summary>When the first resting key is ready again.</summary>
    public DateTimeOffset ReadyAt { get; } = readyAt;
}
