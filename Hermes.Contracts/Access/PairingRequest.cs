namespace Hermes.Contracts.Access;

/// <summary>The answer to an unknown user's request to pair: a code to give the operator, or why there is none.</summary>
[GenerateSerializer, Immutable, Alias("hermes.PairingRequest")]
public sealed record PairingRequest(
    [property: Id(0)] PairingOutcome Outcome,
    [property: Id(1)] string? Code,
    [property: Id(2)] DateTimeOffset? ExpiresAt);
