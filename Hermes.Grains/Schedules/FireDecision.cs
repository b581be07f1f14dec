namespace Hermes.Grains.Schedules;

/// <summary>What to do about a schedule now.</summary>
/// <param name="Run">The due time to run a turn for, or null for none.</param>
/// <param name="Skipped">Due times passed over (counted and noted).</param>
/// <param name="NextDue">The schedule's next unhandled due time afterwards; null when a one-shot is done.</param>
/// <param name="Note">Why due times were skipped, for the user; null when none were.</param>
public sealed record FireDecision(DateTimeOffset? Run, int Skipped, DateTimeOffset? NextDue, string? Note)
{
    public bool Changes(Schedule schedule) => Run is not null || Skipped > 0 || NextDue != schedule.NextDue;
}
