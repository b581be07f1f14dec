using System.Collections.Immutable;

namespace Hermes.Contracts.Access;

/// <summary>Who is approved on a platform, and which codes wait for approval.</summary>
[GenerateSerializer, Immutable, Alias("hermes.PairingOverview")]
public sealed record PairingOverview(
    [property: Id(0)] ImmutableArray<ApprovedUser> Approved,
    [property: Id(1)] ImmutableArray<PendingPairing> Pending);
