using Hermes.Contracts.Schedules;

namespace Hermes.Grains.Schedules;

/// <summary>One durable schedule of a session.</summary>
[GenerateSerializer, Alias("hermes.Schedule")]
public sealed class Schedule
{
    [Id(0)] public string Id { get; set; } = string.Empty;

    [Id(1)] public Cadence Cadence { get; set; } = Cadence.Once(default);

    [Id(2)] public string Prompt { get; set; } = string.Empty;

    /// <summary>The first due time not handled yet; null once a one-shot has no more.</summary>
    [Id(3)] public DateTimeOffset? NextDue { get; set; }

    /// <summary>The due time whose turn was started and not yet delivered; run again under the same id after a crash.</summary>
    [Id(4)] public DateTimeOffset? Running { get; set; }

    [Id(5)] public int Fires { get; set; }

    [Id(6)] public int Skips { get; set; }

    [Id(7)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The turn's message id for a due time: the session runs it once, and the outbox delivers it once.</summary>
    public string TurnId(DateTimeOffset due) => $"schedule/{Id}/{due.UtcTicks}";

    /// <summary>What the session's agent is asked, marked as scheduled in the transcript.</summary>
    public string TurnText(DateTimeOffset due, TimeZoneInfo zone) =>
        $"[Scheduled {Id}, {Cadence.Describe()}, due {TimeZoneInfo.ConvertTime(due, zone):yyyy-MM-dd HH:mm:ss} {zone.Id}] {Prompt}";

    public ScheduleInfo Describe(string zone) => new(Id, Cadence.Describe(), Prompt, zone, NextDue, Fires, Skips);
}
