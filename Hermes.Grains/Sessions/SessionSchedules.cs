using System.Collections.Immutable;
using Hermes.Contracts.Schedules;
using Hermes.Grains.Commands;

namespace Hermes.Grains.Sessions;

/// <summary>
/// The session's side of its schedules: answers the schedule commands by asking the session's
/// <see cref="IScheduleGrain"/>, which owns them. None of them changes the conversation, so they bypass the turn order.
/// </summary>
public sealed class SessionSchedules(IGrainFactory grains, string sessionKey)
{
    private IScheduleGrain Schedules => grains.GetGrain<IScheduleGrain>(sessionKey);

    public static bool Answers(CommandName command) =>
        command is CommandName.Every or CommandName.At or CommandName.In or CommandName.Schedules or CommandName.Unschedule or CommandName.TimeZone;

    public async Task<string> AnswerAsync(SlashCommand command) => command.Name switch
    {
        CommandName.Every => await Schedules.AddAsync(ScheduleKind.Every, command.Argument),
        CommandName.At => await Schedules.AddAsync(ScheduleKind.At, command.Argument),
        CommandName.In => await Schedules.AddAsync(ScheduleKind.In, command.Argument),
        CommandName.Schedules => ScheduleReports.List(await Schedules.ListAsync()),
        CommandName.Unschedule when command.Argument is null => "Usage: /unschedule <id>; /schedules lists the ids.",
        CommandName.Unschedule => await Schedules.RemoveAsync(command.Argument)
            ? $"Removed schedule {command.Argument}."
            : $"This session has no schedule '{command.Argument}'; /schedules lists them.",
        _ => await Schedules.SetTimeZoneAsync(command.Argument),
    };

    public Task<ImmutableArray<ScheduleInfo>> ListAsync() => Schedules.ListAsync();
}
