namespace Hermes.Contracts.Schedules;

/// <summary>One schedule of a session, as <c>/schedules</c>, <c>/status</c> and operators see it.</summary>
/// <param name="Id">Short id within the session (<c>s1</c>, <c>s2</c> …), for <c>/unschedule</c>.</param>
/// <param name="Cadence">When it fires, as the user wrote it (<c>every 1h</c>, <c>cron 0 8 * * 1-5</c>, <c>once at 2026-12-01 08:00</c>).</param>
/// <param name="Prompt">What the scheduled turn asks the agent.</param>
/// <param name="TimeZone">The IANA time zone its wall-clock times are read in.</param>
/// <param name="NextFireAt">The next due time, or null while its last run is still being delivered.</param>
/// <param name="Fires">Turns it has run.</param>
/// <param name="Skips">Due times it skipped (previous run still running, or missed while the cluster was down).</param>
[GenerateSerializer, Immutable, Alias("hermes.ScheduleInfo")]
public sealed record ScheduleInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Cadence,
    [property: Id(2)] string Prompt,
    [property: Id(3)] string TimeZone,
    [property: Id(4)] DateTimeOffset? NextFireAt,
    [property: Id(5)] int Fires,
    [property: Id(6)] int Skips);
