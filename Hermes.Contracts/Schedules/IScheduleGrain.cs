using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Hermes.Contracts.Schedules;

/// <summary>
/// The schedules of one session, keyed by the same <see cref="Sessions.SessionKey"/> string as the session. Each due
/// time runs one ordinary turn of that session, once across the cluster, and its reply is pushed to the session's
/// front-end (<see cref="Pushes.IPushOutboxGrain"/>). Durable through Orleans reminders.
/// </summary>
[Alias("hermes.IScheduleGrain")]
public interface IScheduleGrain : IGrainWithStringKey
{
    /// <summary>Adds a schedule from the text after <c>/every</c>, <c>/at</c> or <c>/in</c>; returns the answer for the user (a refusal says why).</summary>
    [Alias("Add")]
    Task<string> AddAsync(ScheduleKind kind, string? argument);

    [Alias("List"), AlwaysInterleave]
    Task<ImmutableArray<ScheduleInfo>> ListAsync();

    /// <summary>Removes a schedule; false when the session has none with that id.</summary>
    [Alias("Remove")]
    Task<bool> RemoveAsync(string id);

    /// <summary>Sets the session's time zone (an IANA id) for wall-clock schedules, or shows it when <paramref name="timeZoneId"/> is null; returns the answer.</summary>
    [Alias("SetTimeZone")]
    Task<string> SetTimeZoneAsync(string? timeZoneId);
}
