using Hermes.Grains.Schedules;
using Orleans.Configuration;

namespace Hermes.Silo.Schedules;

/// <summary>What the silo adds for schedules beyond the <c>Orleans:Reminders</c> section, which Orleans reads itself.</summary>
public static class ScheduleReminders
{
    /// <summary>
    /// Applies our SQLite reminder schema when the reminders live in SQLite, and lets a schedule's reminder period
    /// (<see cref="ScheduleOptions.RetryPeriod"/>) go below Orleans' minimum when an operator asks for it: after a restart,
    /// a reminder first fires on its period's beat, so the period bounds how long a due time waits for a silo that was down.
    /// </summary>
    public static ISiloBuilder AddScheduleReminders(this ISiloBuilder silo, IConfiguration configuration)
    {
        SqliteReminderSchema.AddWhenConfigured(silo, configuration);
        if (configuration.GetValue<TimeSpan?>($"{ScheduleOptions.SectionName}:{nameof(ScheduleOptions.RetryPeriod)}") is { } period)
        {
            silo.Services.PostConfigure<ReminderOptions>(options => options.MinimumReminderPeriod = period < options.MinimumReminderPeriod ? period : options.MinimumReminderPeriod);
        }

        return silo;
    }
}
