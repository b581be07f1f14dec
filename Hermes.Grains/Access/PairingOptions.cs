using System.ComponentModel.DataAnnotations;
using Hermes.Contracts.Access;

namespace Hermes.Grains.Access;

/// <summary>Limits of DM pairing. Section <c>Hermes:Pairing</c>.</summary>
public sealed class PairingOptions
{
    public const string SectionName = "Hermes:Pairing";

    /// <summary>How long a code can be approved.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Codes one user may be issued per day.</summary>
    [Range(1, 100)]
    public int CodesPerUserPerDay { get; set; } = 3;

    /// <summary>Codes that may wait for approval at once on a platform; more requests are refused until some expire.</summary>
    [Range(1, 10_000)]
    public int MaxPendingCodes { get; set; } = 50;
}
