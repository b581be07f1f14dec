using Hermes.Contracts.Access;

namespace Hermes.Grains.Access;

/// <summary>The durable state of a platform's pairing: approvals survive restarts.</summary>
[GenerateSerializer, Alias("hermes.PairingState")]
public sealed class PairingState
{
    [Id(0)] public List<ApprovedUser> Approved { get; set; } = [];

    [Id(1)] public List<PendingPairing> Pending { get; set; } = [];

    /// <summary>When each code was issued lately, per user, for the rate limit.</summary>
    [Id(2)] public Dictionary<string, List<DateTimeOffset>> IssuedAt { get; set; } = new(StringComparer.Ordinal);
}
