namespace Hermes.Contracts.Sessions;

/// <summary>One key of a provider's credential pool, named by its position, never by its value.</summary>
/// <param name="Number">The key's position in the provider's pool, from 1.</param>
/// <param name="State">Ready, parked or resting.</param>
/// <param name="Reason">Why it is parked or resting (the provider's answer, with secrets masked).</param>
/// <param name="Until">When a resting key is used again.</param>
[GenerateSerializer, Immutable, Alias("hermes.ProviderKeyStatus")]
public sealed record ProviderKeyStatus(
    [property: Id(0)] int Number,
    [property: Id(1)] ProviderKeyState State,
    [property: Id(2)] string? Reason = null,
    [property: Id(3)] DateTimeOffset? Until = null);
