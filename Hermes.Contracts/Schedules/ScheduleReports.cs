using System.Collections.Immutable;
using System.Globalization;

namespace Hermes.Contracts.Schedules;

/// <summary>The one rendering of a session's schedules: <c>/schedules</c>, the <c>/status</c> line and the operator's list.</summary>
public static class ScheduleReports
{
    public static string List(ImmutableArray<ScheduleInfo> schedules) => schedules.IsDefaultOrEmpty
        ? "No schedules. Add one with /every, /at or /in."
        : "Schedules:\n" + string.Join('\n', schedules.Select(Line));

    public static string Line(ScheduleInfo schedule) =>
        $"{schedule.Id}: {schedule.Cadence}, next {(schedule.NextFireAt is { } next ? Time(next, schedule.TimeZone) : "after the running turn")}; " +
        $"{schedule.Fires} run, {schedule.Skips} skipped: {schedule.Prompt}";

    /// <summary>The line of <c>/status</c>.</summary>
    public static string Summary(ImmutableArray<ScheduleInfo> schedules)
    {
        if (schedules.IsDefaultOrEmpty)
        {
            return "Schedules: none";
        }

        var next = schedules.Where(schedule => schedule.NextFireAt is not null).MinBy(schedule => schedule.NextFireAt);
        return next is null
            ? $"Schedules: {schedules.Length}"
            : $"Schedules: {schedules.Length}; next {next.Id} at {Time(next.NextFireAt!.Value, next.TimeZone)}";
    }

    /// <summary>An instant as the session's wall clock shows it.</summary>
    public static string Time(DateTimeOffset at, string timeZone)
    {
        var local = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? TimeZoneInfo.ConvertTime(at, zone) : at;
        return string.Create(CultureInfo.InvariantCulture, $"{local:yyyy-MM-dd HH:mm:ss} {timeZone}");
    }
}
