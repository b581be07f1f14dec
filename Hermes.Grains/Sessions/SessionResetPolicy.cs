using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Sessions;

/// <summary>Decides whether a message starts a new session under <see cref="SessionResetOptions"/>.</summary>
public static class SessionResetPolicy
{
    /// <returns>The one-line notice for the user when a new session starts, or null.</returns>
    public static string? Check(SessionResetOptions options, DateTimeOffset? lastActivity, DateTimeOffset now)
    {
        if (lastActivity is not { } last)
        {
            return null;
        }

        if (options.IdleAfter is { } idleAfter && idleAfter > TimeSpan.Zero && now - last >= idleAfter)
        {
            return $"A new session started: the last one was idle for {Describe(now - last)}.";
        }

        if (options.DailyAtHour is { } hour)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
            var localNow = TimeZoneInfo.ConvertTime(now, zone);
            var todaysReset = new DateTimeOffset(localNow.Date.AddHours(hour), localNow.Offset);
            var lastReset = localNow >= todaysReset ? todaysReset : todaysReset.AddDays(-1);
            if (last < lastReset)
            {
                return $"A new session started: sessions reset daily at {hour:00}:00 ({options.TimeZone}).";
            }
        }

        return null;
    }

    private static string Describe(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => $"{(int)span.TotalDays} d {span.Hours} h",
        { TotalHours: >= 1 } => $"{(int)span.TotalHours} h {span.Minutes} min",
        { TotalMinutes: >= 1 } => $"{(int)span.TotalMinutes} min",
        _ => $"{(int)span.TotalSeconds} s",
    };
}
