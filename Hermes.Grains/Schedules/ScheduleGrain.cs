using System.Collections.Immutable;
using System.Globalization;
using Hermes.Contracts.Pushes;
using Hermes.Contracts.Schedules;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Configuration;

namespace Hermes.Grains.Schedules;

/// <summary>
/// The schedules of one session, beside its <see cref="SessionGrain"/> under the same key. One Orleans reminder per
/// session wakes it at the earliest due time (and, as a backstop, every <see cref="ScheduleOptions.RetryPeriod"/> while
/// something is due or running); each due time becomes one ordinary turn of the session under a message id of its own,
/// whose reply goes to the session's front-end outbox.
/// </summary>
/// <remarks>
/// Once per due time: the reminder fires on one silo, the grain is one activation, the due time is recorded as running
/// before its turn starts, and the session runs a message id once. A silo that dies mid-turn leaves the due time
/// recorded as running: the next wake runs it again under the same id, which the session answers from its record or
/// runs anew if it never recorded it, and the outbox ignores a reply it already has.
/// Reentrant, so that <c>/schedules</c> is answered and due times are noticed while a scheduled turn runs.
/// </remarks>
[GrainType("schedules")]
[Reentrant]
public sealed partial class ScheduleGrain(
    [PersistentState("schedules", SessionStorage.ProviderName)] IPersistentState<ScheduleState> state,
    IOptionsMonitor<ScheduleOptions> options,
    IOptions<ReminderOptions> reminders,
    ScheduleMetrics metrics,
    TimeProvider time,
    ILogger<ScheduleGrain> logger) : Grain, IScheduleGrain, IRemindable
{
    public const string ReminderName = "schedules";

    private readonly Dictionary<string, Task> _runs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writing = new(1, 1);
    private DateTimeOffset? _armedFor;

    private ScheduleState State => state.State;

    private string Key => this.GetPrimaryKeyString();

    private ScheduleOptions Options => options.CurrentValue;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A due time recorded as running belongs to an activation that is gone: look again at once.
        if (State.Schedules.Exists(schedule => schedule.Running is not null))
        {
            await ArmAsync(TimeSpan.Zero);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Let running turns deliver within the deactivation's time; one cut short stays recorded as running and runs again.
        try
        {
            await Task.WhenAll(_runs.Values).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogRunsLeft(Key, _runs.Count);
        }
    }

    public async Task<string> AddAsync(ScheduleKind kind, string? argument)
    {
        var now = time.GetUtcNow();
        var zone = Zone();
        var parsed = ScheduleParser.Parse(kind, argument, now, zone);
        if (parsed.Cadence is not { } cadence)
        {
            return parsed.Error!;
        }

        if (State.Schedules.Count >= Options.MaxPerSession)
        {
            return $"This session already has {State.Schedules.Count} schedules, the most it may have. Remove one with /unschedule <id> first.";
        }

        if (cadence.ShortestGap(now, zone) is { } gap && gap < Options.MinimumInterval)
        {
            return $"Schedules may repeat at most every {DurationText.Format(Options.MinimumInterval)}; {cadence.Describe()} would fire {DurationText.Format(gap)} apart.";
        }

        if (cadence.NextAfter(now, zone) is not { } next)
        {
            return $"{cadence.Describe()} never fires after now.";
        }

        var schedule = new Schedule { Id = $"s{++State.LastNumber}", Cadence = cadence, Prompt = parsed.Prompt, NextDue = next, CreatedAt = now };
        State.Schedules.Add(schedule);
        await WriteAsync();
        await ArmAsync();
        LogScheduled(Key, schedule.Id, cadence.Kind);
        return $"Scheduled {schedule.Id}: {cadence.Describe()} ({zone.Id}), next {ScheduleReports.Time(next, zone.Id)}. Remove it with /unschedule {schedule.Id}.";
    }

    public Task<ImmutableArray<ScheduleInfo>> ListAsync() =>
        Task.FromResult(State.Schedules.Select(schedule => schedule.Describe(Zone().Id)).ToImmutableArray());

    public async Task<bool> RemoveAsync(string id)
    {
        if (State.Schedules.RemoveAll(schedule => string.Equals(schedule.Id, id.Trim(), StringComparison.OrdinalIgnoreCase)) == 0)
        {
            return false;
        }

        await WriteAsync();
        await ArmAsync();
        return true;
    }

    public async Task<string> SetTimeZoneAsync(string? timeZoneId)
    {
        if (string.IsNullOrWhiteSpace(timeZoneId))
        {
            return $"Time zone: {Zone().Id}. Change it with /timezone <IANA id>, e.g. /timezone Europe/Paris.";
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId.Trim(), out var zone))
        {
            return $"'{timeZoneId.Trim()}' is not a time zone this host knows: use an IANA id such as Europe/Paris or America/New_York.";
        }

        State.TimeZone = zone.Id;

        // Wall-clock schedules follow the new zone from their next due time on.
        var now = time.GetUtcNow();
        foreach (var schedule in State.Schedules.Where(schedule => schedule.Cadence.Kind is CadenceKind.Daily or CadenceKind.Cron))
        {
            schedule.NextDue = schedule.Cadence.NextAfter(now, zone);
        }

        await WriteAsync();
        await ArmAsync();
        return $"Time zone: {zone.Id}.";
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => WakeAsync();

    /// <summary>Runs what is due, notes what is skipped, and sets the reminder for the next due time.</summary>
    private async Task WakeAsync()
    {
        _armedFor = null;
        var now = time.GetUtcNow();
        var zone = Zone();
        var starts = new List<(Schedule Schedule, DateTimeOffset Due)>();
        var notes = new List<PushedReply>();
        var changed = false;
        foreach (var schedule in State.Schedules)
        {
            var running = _runs.ContainsKey(schedule.Id);
            if (!running && schedule.Running is { } unfinished)
            {
                starts.Add((schedule, unfinished));
                running = true;
            }

            var decision = FirePlanner.Decide(schedule, now, zone, running, Options.Missed, Options.MissedAfter);
            if (!decision.Changes(schedule))
            {
                continue;
            }

            changed = true;
            schedule.NextDue = decision.NextDue;
            schedule.Skips += decision.Skipped;
            if (decision.Skipped > 0)
            {
                metrics.Skipped(decision.Skipped, running);
            }

            if (decision.Note is { } note)
            {
                LogSkipped(Key, schedule.Id, decision.Skipped);
                notes.Add(new PushedReply($"note/{schedule.Id}/{now.UtcTicks}", Key, note, now));
            }

            if (decision.Run is { } due)
            {
                schedule.Running = due;
                starts.Add((schedule, due));
            }
        }

        if (changed)
        {
            // Recorded before any turn starts, so that a crash from here on runs the due time again, never twice.
            await WriteAsync();
        }

        foreach (var note in notes)
        {
            await Outbox().EnqueueAsync(note);
        }

        foreach (var (schedule, due) in starts)
        {
            _runs[schedule.Id] = RunAsync(schedule, due, zone);
        }

        await ArmAsync();
    }

    private async Task RunAsync(Schedule schedule, DateTimeOffset due, TimeZoneInfo zone)
    {
        var turnId = schedule.TurnId(due);
        try
        {
            metrics.Fired();
            var result = await GrainFactory.GetSessionGrain(SessionKey.Parse(Key)).SendAsync(schedule.TurnText(due, zone), turnId);
            var text = result.Notice is null ? result.Reply : $"{result.Notice}\n\n{result.Reply}";
            await Outbox().EnqueueAsync(new PushedReply(turnId, Key, text, time.GetUtcNow()));
            schedule.Running = null;
            schedule.Fires++;
            if (schedule.NextDue is null)
            {
                State.Schedules.Remove(schedule);
            }

            await WriteAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The due time stays recorded as running: the reminder's next wake runs it again under the same id.
            LogRunFailed(exception, Key, schedule.Id);
        }
        finally
        {
            _runs.Remove(schedule.Id);
        }

        await ArmAsync();
    }

    /// <summary>Sets the one reminder for the earliest moment something needs this grain; removes it when nothing does.</summary>
    private async Task ArmAsync(TimeSpan? soonest = null)
    {
        var now = time.GetUtcNow();
        var period = Options.RetryPeriod > reminders.Value.MinimumReminderPeriod ? Options.RetryPeriod : reminders.Value.MinimumReminderPeriod;
        DateTimeOffset? wake = soonest is { } at ? now + at : null;
        foreach (var schedule in State.Schedules)
        {
            // A run that failed (not running here, still recorded) is tried again a period later.
            var needed = schedule.Running is not null && !_runs.ContainsKey(schedule.Id) ? now + period : schedule.NextDue;
            wake = needed is { } moment && (wake is null || moment < wake) ? moment : wake;
        }

        if (wake is null)
        {
            if (State.Schedules.Count == 0 && _runs.Count == 0 && await this.GetReminder(ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _armedFor = null;
            return;
        }

        if (_armedFor == wake)
        {
            return;
        }

        var due = wake.Value > now ? wake.Value - now : TimeSpan.Zero;
        await this.RegisterOrUpdateReminder(ReminderName, due, period);
        _armedFor = wake;
    }

    private TimeZoneInfo Zone() => TimeZoneInfo.TryFindSystemTimeZoneById(State.TimeZone ?? Options.DefaultTimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    private IPushOutboxGrain Outbox() => GrainFactory.GetGrain<IPushOutboxGrain>(PushDestination.For(SessionKey.Parse(Key)));

    // Interleaved callers share one state object: one write at a time keeps the ETag in step.
    private async Task WriteAsync()
    {
        await _writing.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _writing.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionKey} scheduled {ScheduleId} ({Kind})")]
    private partial void LogScheduled(string sessionKey, string scheduleId, CadenceKind kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionKey} schedule {ScheduleId} skipped {Count} due time(s)")]
    private partial void LogSkipped(string sessionKey, string scheduleId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionKey}: {Count} scheduled turn(s) still running at deactivation; they run again on the next activation")]
    private partial void LogRunsLeft(string sessionKey, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionKey} schedule {ScheduleId}: the scheduled turn did not finish; it runs again at the next wake")]
    private partial void LogRunFailed(Exception exception, string sessionKey, string scheduleId);
}
