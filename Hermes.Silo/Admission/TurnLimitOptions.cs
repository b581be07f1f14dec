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

    /// <summary>
    /// Messages this silo's own callers (its hosted client, grains) may have sent and not had answered at once; one more
    /// waits for room, before it is sent, up to <see cref="AdmissionWait"/>. Low enough that the silo answers this many
    /// well within the response timeout on a busy machine.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxSendsAtOnce { get; set; } = 1_000;

    /// <summary>How long a message beyond <see cref="MaxSendsAtOnce"/> waits for room before it is refused as busy.</summary>
    public TimeSpan AdmissionWait { get; set; } = TimeSpan.FromSeconds(10);
}
