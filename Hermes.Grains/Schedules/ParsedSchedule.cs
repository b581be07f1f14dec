namespace Hermes.Grains.Schedules;

/// <summary>A schedule as the user asked for it: when, and what to ask; or why it was not understood.</summary>
public sealed record ParsedSchedule(Cadence? Cadence, string Prompt, string? Error)
{
    public static ParsedSchedule Refused(string error) => new(null, string.Empty, error);
}
