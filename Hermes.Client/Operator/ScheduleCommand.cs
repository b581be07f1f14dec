using System.CommandLine;
using Hermes.Contracts.Schedules;
using Hermes.Contracts.Sessions;

namespace Hermes.Client.Operator;

/// <summary><c>hermes schedules list|remove &lt;key&gt;</c>: an operator's look at a session's schedules.</summary>
public static class ScheduleCommand
{
    public static Command Create()
    {
        var listKey = new Argument<string>("key") { Description = "The session key, e.g. telegram:dm:123456." };
        var list = new Command("list", "List a session's schedules with their next due time.") { listKey };
        list.SetAction((parse, cancellationToken) => OperatorConsole.RunAsync(async (client, output) =>
        {
            if (await KeyAsync(parse.GetValue(listKey), output) is not { } key)
            {
                return 2;
            }

            await output.WriteLineAsync(ScheduleReports.List(await client.GetGrain<IScheduleGrain>(key.ToString()).ListAsync()));
            return 0;
        }, cancellationToken));

        var removeKey = new Argument<string>("key") { Description = "The session key." };
        var id = new Argument<string>("id") { Description = "The schedule's id, as listed (s1, s2 …)." };
        var remove = new Command("remove", "Remove one of a session's schedules.") { removeKey, id };
        remove.SetAction((parse, cancellationToken) => OperatorConsole.RunAsync(async (client, output) =>
        {
            if (await KeyAsync(parse.GetValue(removeKey), output) is not { } key)
            {
                return 2;
            }

            var removed = await client.GetGrain<IScheduleGrain>(key.ToString()).RemoveAsync(parse.GetValue(id)!);
            await output.WriteLineAsync(removed ? $"Removed schedule {parse.GetValue(id)} of {key}." : $"{key} has no schedule '{parse.GetValue(id)}'.");
            return removed ? 0 : 1;
        }, cancellationToken));

        return new Command("schedules", "Look at and remove sessions' schedules.") { list, remove };
    }

    private static async Task<SessionKey?> KeyAsync(string? text, TextWriter output)
    {
        if (SessionKey.TryParse(text, out var key))
        {
            return key;
        }

        await output.WriteLineAsync($"'{text}' is not a session key: expected platform:chatType:chatId[:threadId][:userId].");
        return null;
    }
}
