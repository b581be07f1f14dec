namespace Hermes.Grains.Schedules;

/// <summary>The durable schedules of one session.</summary>
/// <remarks>Stored with the Orleans serializer, like the session: never reuse or renumber an id.</remarks>
[GenerateSerializer, Alias("hermes.ScheduleState")]
public sealed class ScheduleState
{
    [Id(0)] public List<Schedule> Schedules { get; set; } = [];

    /// <summary>The session's IANA time zone; null follows <see cref="ScheduleOptions.DefaultTimeZone"/>.</summary>
    [Id(1)] public string? TimeZone { get; set; }

    /// <summary>The number of the last schedule made, so that ids are never reused within a session.</summary>
    [Id(2)] public int LastNumber { get; set; }
}
