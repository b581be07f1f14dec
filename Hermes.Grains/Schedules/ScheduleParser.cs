using System.Globalization;
using Cronos;
using Hermes.Contracts.Schedules;

namespace Hermes.Grains.Schedules;

/// <summary>
/// Reads the text after <c>/every</c>, <c>/at</c> and <c>/in</c> (pure; wall-clock times in the session's zone):
/// <list type="bullet">
/// <item><c>/every 30m &lt;prompt&gt;</c>, <c>/every day at 08:00 &lt;prompt&gt;</c>, <c>/every 2d at 7:30 &lt;prompt&gt;</c>;</item>
/// <item><c>/every 0 8 * * 1-5 &lt;prompt&gt;</c> or <c>/every "0 8 * * 1-5" &lt;prompt&gt;</c> (cron, five fields or six with seconds);</item>
/// <item><c>/at 2026-12-01 08:00 &lt;prompt&gt;</c>, <c>/at tomorrow 08:00 &lt;prompt&gt;</c>, <c>/at 08:00 &lt;prompt&gt;</c> (the next 08:00);</item>
/// <item><c>/in 10m &lt;prompt&gt;</c>.</item>
/// </list>
/// </summary>
public static class ScheduleParser
{
    public static string Usage(ScheduleKind kind) => kind switch
    {
        ScheduleKind.Every => "Usage: /every <interval> [at <HH:mm>] <prompt> (e.g. /every 1h check the build, /every day at 08:00 summarise my inbox) or /every <cron> <prompt> (e.g. /every \"0 8 * * 1-5\" plan my day).",
        ScheduleKind.At => "Usage: /at <YYYY-MM-DD HH:mm | tomorrow HH:mm | HH:mm> <prompt>.",
        _ => "Usage: /in <duration> <prompt> (e.g. /in 20m remind me to stretch).",
    };

    public static ParsedSchedule Parse(ScheduleKind kind, string? argument, DateTimeOffset now, TimeZoneInfo zone)
    {
        var text = argument?.Trim() ?? string.Empty;
        var parsed = kind switch
        {
            ScheduleKind.Every => Every(text, now),
            ScheduleKind.At => At(text, now, zone),
            _ => In(text, now),
        };
        return parsed.Error is null && string.IsNullOrWhiteSpace(parsed.Prompt) ? ParsedSchedule.Refused($"The schedule has no prompt. {Usage(kind)}") : parsed;
    }

    private static ParsedSchedule Every(string text, DateTimeOffset now)
    {
        if (text.Length > 0 && text[0] is '"' or '\'' or '`')
        {
            var end = text.IndexOf(text[0], 1);
            return end < 0 ? ParsedSchedule.Refused($"The cron expression has no closing {text[0]}. {Usage(ScheduleKind.Every)}") : Cron(text[1..end], text[(end + 1)..]);
        }

        var words = Words(text);
        if (words.Count > 0 && char.IsAsciiDigit(words[0][0]) || words.Count > 0 && words[0][0] == '*')
        {
            foreach (var fields in new[] { 6, 5 })
            {
                if (words.Count > fields && TryCron(string.Join(' ', words.Take(fields)), out _))
                {
                    return Cron(string.Join(' ', words.Take(fields)), Rest(text, fields));
                }
            }
        }

        if (words.Count == 0 || !DurationText.TryParse(words[0], out var every))
        {
            return ParsedSchedule.Refused($"'{(words.Count == 0 ? string.Empty : words[0])}' is neither an interval nor a cron expression. {Usage(ScheduleKind.Every)}");
        }

        if (words.Count > 2 && words[1].Equals("at", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryTime(words[2], out var time))
            {
                return ParsedSchedule.Refused($"'{words[2]}' is not a time of day (HH:mm). {Usage(ScheduleKind.Every)}");
            }

            if (every.Value.Ticks % TimeSpan.TicksPerDay != 0)
            {
                return ParsedSchedule.Refused($"'at {words[2]}' needs an interval of whole days (day, 2d, week), not {DurationText.Format(every.Value)}.");
            }

            return new(Cadence.Daily(now, (int)every.Value.TotalDays, time), Rest(text, 3), null);
        }

        return new(Cadence.Interval(now, every.Value), Rest(text, 1), null);
    }

    private static ParsedSchedule Cron(string expression, string prompt) => TryCron(expression.Trim(), out var error)
        ? new(Cadence.FromCron(expression.Trim()), prompt.Trim(), null)
        : ParsedSchedule.Refused($"'{expression.Trim()}' is not a cron expression: {error}");

    private static ParsedSchedule At(string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        var words = Words(text);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        DateOnly? day = null;
        var used = 0;
        if (words.Count > 0 && words[0].Contains('T', StringComparison.Ordinal) && DateTime.TryParseExact(words[0], ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var both))
        {
            return Once(Cadence.AtLocal(DateOnly.FromDateTime(both), TimeOnly.FromDateTime(both), zone), Rest(text, 1), now);
        }

        if (words.Count > 0 && words[0].Equals("tomorrow", StringComparison.OrdinalIgnoreCase))
        {
            (day, used) = (today.AddDays(1), 1);
        }
        else if (words.Count > 0 && DateOnly.TryParseExact(words[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            (day, used) = (date, 1);
        }

        if (words.Count <= used || !TryTime(words[used], out var time))
        {
            return ParsedSchedule.Refused($"No time of day after /at. {Usage(ScheduleKind.At)}");
        }

        var at = Cadence.AtLocal(day ?? today, time, zone);
        if (day is null && at <= now)
        {
            at = Cadence.AtLocal(today.AddDays(1), time, zone);
        }

        return Once(at, Rest(text, used + 1), now);
    }

    private static ParsedSchedule Once(DateTimeOffset at, string prompt, DateTimeOffset now) => at <= now
        ? ParsedSchedule.Refused(string.Create(CultureInfo.InvariantCulture, $"{at:yyyy-MM-dd HH:mm zzz} is in the past."))
        : new(Cadence.Once(at), prompt, null);

    private static ParsedSchedule In(string text, DateTimeOffset now)
    {
        var words = Words(text);
        return words.Count > 0 && DurationText.TryParse(words[0], out var after)
            ? new(Cadence.Once(now + after.Value), Rest(text, 1), null)
            : ParsedSchedule.Refused($"'{(words.Count == 0 ? string.Empty : words[0])}' is not a duration. {Usage(ScheduleKind.In)}");
    }

    private static bool TryCron(string expression, out string error)
    {
        try
        {
            Cadence.ParseCron(expression);
            error = string.Empty;
            return true;
        }
        catch (CronFormatException invalid)
        {
            error = invalid.Message;
            return false;
        }
    }

    private static bool TryTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, ["H:mm", "HH:mm", "H:mm:ss", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    private static List<string> Words(string text) => [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>The text after the first <paramref name="count"/> words, as the user wrote it.</summary>
    private static string Rest(string text, int count)
    {
        var rest = text.TrimStart();
        for (var i = 0; i < count; i++)
        {
            var space = rest.IndexOf(' ');
            rest = space < 0 ? string.Empty : rest[space..].TrimStart();
        }

        return rest.Trim();
    }
}
