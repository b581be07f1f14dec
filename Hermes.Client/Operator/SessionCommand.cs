using System.CommandLine;
using Hermes.Contracts.Sessions;

namespace Hermes.Client.Operator;

/// <summary><c>hermes session status &lt;key&gt;</c>: an operator's look at any session.</summary>
public static class SessionCommand
{
    public static Command Create()
    {
        var key = new Argument<string>("key") { Description = "The session key, e.g. telegram:dm:123456 or telegram:group:-100123::42." };
        var status = new Command("status", "Print a session's snapshot: model, agent, counters, MCP servers, last turn.") { key };
        status.SetAction((parse, cancellationToken) => OperatorConsole.RunAsync(async (client, output) =>
        {
            if (!SessionKey.TryParse(parse.GetValue(key), out var sessionKey))
            {
                await output.WriteLineAsync($"'{parse.GetValue(key)}' is not a session key: expected platform:chatType:chatId[:threadId][:userId].");
                return 2;
            }

            await output.WriteLineAsync(SessionReports.Status(await client.GetSessionGrain(sessionKey).GetSnapshotAsync()));
            return 0;
        }, cancellationToken));

        return new Command("session", "Look at sessions.") { status };
    }
}
