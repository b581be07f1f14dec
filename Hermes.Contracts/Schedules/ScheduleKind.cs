namespace Hermes.Contracts.Schedules;

/// <summary>How a schedule was made: <c>/every</c> repeats, <c>/at</c> and <c>/in</c> fire once.</summary>
public enum ScheduleKind
{
    Every,
    At,
    In,
}
