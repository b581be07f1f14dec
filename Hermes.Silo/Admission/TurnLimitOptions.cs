using System.ComponentModel.DataAnnotations;

namespace Hermes.Silo.Admission;

/// <summary>How many messages a silo works on at once. Section <c>Hermes:Silo:TurnLimit</c>.</summary>
public sealed class TurnLimitOptions
{
    public const string SectionName = "Hermes:Silo:TurnLimit";

    /// <summary>
    /// Messages (<c>SendAsync</c> calls) in flight on this silo at most, queued behind a session's running turn or
    /// running; one more is refused at once as busy. Keep it below what the silo finishes within the callers' response
    /// timeout (about 30 s in the silo, 1 min from a front-end), so that a message either waits its turn or hears "busy",
    /// never times out.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxTurnsInFlight { get; set; } = 10_000;
}
