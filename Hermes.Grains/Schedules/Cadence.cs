using System.Globalization;
using Cronos;

namespace Hermes.Grains.Schedules;

/// <summary>When a schedule fires: pure computation of the next due time after an instant, in a time zone.</summary>
/// <param name="Kind">Which of the fields below apply.</param>
/// <param name="Anchor">The instant of a <see cref="CadenceKind.Once"/>; the start of an <see cref="CadenceKind.Interval"/>; the first local day of a <see cref="CadenceKind.Daily"/>.</param>
/// <param name="Every">The interval, or the days between two <see cref="CadenceKind.Daily"/> fires.</param>
/// <param name="TimeOfDay">The wall-clock time of a <see cref="CadenceKind.Daily"/>.</param>
/// <param name="Cron">The expression of a <see cref="CadenceKind.Cron"/> (five fields, or six with seconds).</param>
[GenerateSerializer, Immutable, Alias("hermes.Cadence")]
public sealed record Cadence(
    [property: Id(0)] CadenceKind Kind,
    [property: Id(1)] DateTimeOffset Anchor,
    [property: Id(2)] TimeSpan Every,
    [property: Id(3)] TimeOnly TimeOfDay,
    [property: Id(4)] string? Cron)
{
    public static Cadence Once(DateTimeOffset at) => new(CadenceKind.Once, at, TimeSpan.Zero, default, null);

    public static Cadence Interval(DateTimeOffset anchor, TimeSpan every) => new(CadenceKind.Interval, anchor, every, default, null);

    public static Cadence Daily(DateTimeOffset firstDay, int days, TimeOnly at) => new(CadenceKind.Daily, firstDay, TimeSpan.FromDays(days), at, null);

    public static Cadence FromCron(string expression) => new(CadenceKind.Cron, default, TimeSpan.Zero, default, expression);

    public bool Repeats => Kind != CadenceKind.Once;

    /// <summary>The first due time strictly after <paramref name="after"/>, or null when there is none (a one-shot that is past).</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after, TimeZoneInfo zone) => Kind switch
    {
        CadenceKind.Once => Anchor > after ? Anchor : null,
        CadenceKind.Interval => NextInterval(after),
        CadenceKind.Daily => NextDaily(after, zone),
        CadenceKind.Cron => ParseCron(Cron!).GetNextOccurrence(after, zone, inclusive: false),
        _ => throw new InvalidOperationException($"Unknown cadence {Kind}."),
    };

    /// <summary>The shortest gap between two fires, for the per-session minimum; null for a one-shot.</summary>
    public TimeSpan? ShortestGap(DateTimeOffset from, TimeZoneInfo zone)
    {
        if (Kind != CadenceKind.Cron)
        {
            return Repeats ? Every : null;
        }

        // A cron expression's gaps vary: sample the next few.
        var shortest = TimeSpan.MaxValue;
        var previous = NextAfter(from, zone);
        for (var i = 0; i < 16 && previous is { } current; i++)
        {
            if (NextAfter(current, zone) is not { } next)
            {
                break;
            }

            shortest = next - current < shortest ? next - current : shortest;
            previous = next;
        }

        return shortest == TimeSpan.MaxValue ? null : shortest;
    }

    public string Describe() => Kind switch
    {
        CadenceKind.Once => string.Create(CultureInfo.InvariantCulture, $"once at {Anchor.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC"),
        CadenceKind.Interval => $"every {DurationText.Format(Every)}",
        CadenceKind.Daily => string.Create(CultureInfo.InvariantCulture, $"every {DurationText.Format(Every)} at {TimeOfDay:HH\\:mm}"),
        _ => $"cron {Cron}",
    };

    /// <exception cref="CronFormatException">Not a cron expression.</exception>
    public static CronExpression ParseCron(string expression) =>
        CronExpression.Parse(expression, expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);

    private DateTimeOffset NextInterval(DateTimeOffset after)
    {
        if (after < Anchor)
        {
            return Anchor;
        }

        var periods = (after - Anchor).Ticks / Every.Ticks + 1;
        return Anchor + TimeSpan.FromTicks(Every.Ticks * periods);
    }

    private DateTimeOffset NextDaily(DateTimeOffset after, TimeZoneInfo zone)
    {
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Anchor, zone).DateTime);
        var afterDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(after, zone).DateTime);
        var days = (int)Every.TotalDays;
        var start = afterDay.DayNumber <= firstDay.DayNumber
            ? firstDay
            : firstDay.AddDays((afterDay.DayNumber - firstDay.DayNumber) / days * days);
        for (var day = start; ; day = day.AddDays(days))
        {
            var candidate = AtLocal(day, TimeOfDay, zone);
            if (candidate > after)
            {
                return candidate;
            }
        }
    }

    /// <summary>A wall-clock time of a day in a zone as an instant: a time skipped by a DST change moves forward, an ambiguous one takes the first.</summary>
    public static DateTimeOffset AtLocal(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
