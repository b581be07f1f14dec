using System.ComponentModel.DataAnnotations;
using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Sessions;

/// <summary>When a message starts a new session on its own. Off unless configured. Section <c>Hermes:Sessions:Reset</c>.</summary>
public sealed class SessionResetOptions
{
    /// <summary>A message after this long without activity starts a new session.</summary>
    public TimeSpan? IdleAfter { get; set; }

    /// <summary>The first message after this hour of each day starts a new session.</summary>
    [Range(0, 23)]
    public int? DailyAtHour { get; set; }

    /// <summary>The time zone of <see cref="DailyAtHour"/> (an IANA or Windows id).</summary>
    public string TimeZone { get; set; } = "UTC";
}
