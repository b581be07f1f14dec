namespace Hermes.Contracts.Access;

/// <summary>A code waiting for an operator's approval.</summary>
[GenerateSerializer, Immutable, Alias("hermes.PendingPairing")]
public sealed record PendingPairing(
    [property: Id(0)] string Code,
    [property: Id(1)] string UserId,
    [property: Id(2)] string? DisplayName,
    [property: Id(3)] DateTimeOffset IssuedAt,
    [property: Id(4)] DateTimeOffset ExpiresAt);
