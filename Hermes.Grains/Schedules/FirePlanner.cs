using System.Globalization;

namespace Hermes.Grains.Schedules;

/// <summary>
/// Decides, from a schedule and the time, whether a turn runs now (pure, so that it is tested on a fake clock):
/// <list type="bullet">
/// <item>nothing is due: nothing happens;</item>
/// <item>a due time came while the previous run still runs: it is skipped with a note, not stacked;</item>
/// <item>one due time came and it is not older than <see cref="ScheduleOptions.MissedAfter"/>: it runs;</item>
/// <item>due times passed while the cluster was down (older, or several): one run for the latest
/// (<see cref="MissedFires.Once"/>) or none (<see cref="MissedFires.Skip"/>), with a note.</item>
/// </list>
/// </summary>
public static class FirePlanner
{
    private const int MostDueTimesCounted = 100_000;

    public static FireDecision Decide(Schedule schedule, DateTimeOffset now, TimeZoneInfo zone, bool previousStillRuns, MissedFires missed, TimeSpan missedAfter)
    {
        if (schedule.NextDue is not { } first || first > now)
        {
            return new(null, 0, schedule.NextDue, null);
        }

        var (latest, count) = (first, 1);
        while (count < MostDueTimesCounted && schedule.Cadence.NextAfter(latest, zone) is { } next && next <= now)
        {
            (latest, count) = (next, count + 1);
        }

        var following = schedule.Cadence.NextAfter(latest, zone);
        if (previousStillRuns)
        {
            return new(null, count, following, $"Skipped {Due(latest, zone)} of schedule {schedule.Id}: its previous run is still running.");
        }

        if (count == 1 && now - first <= missedAfter)
        {
            return new(first, 0, following, null);
        }

        var times = count == 1 ? $"{Due(first, zone)}" : $"{count} due times from {Due(first, zone)} to {Due(latest, zone)}";
        return missed == MissedFires.Once
            ? new(latest, count - 1, following, $"Schedule {schedule.Id} missed {times} while Hermes was down; running it once now.")
            : new(null, count, following, $"Schedule {schedule.Id} missed {times} while Hermes was down; skipped.");
    }

    private static string Due(DateTimeOffset due, TimeZoneInfo zone) =>
        string.Create(CultureInfo.InvariantCulture, $"{TimeZoneInfo.ConvertTime(due, zone):yyyy-MM-dd HH:mm}");
}
