using System.CommandLine;
using Hermes.Contracts.Approvals;
using Hermes.Contracts.Sessions;

namespace Hermes.Client.Operator;

/// <summary>
/// <c>hermes session status &lt;key&gt;</c>: an operator's look at any session; <c>hermes session approve|deny &lt;key&gt;</c>:
/// an operator's decision on the tool calls a session waits for, whoever asked.
/// </summary>
public static class SessionCommand
{
    public static Command Create()
    {
        var key = new Argument<string>("key") { Description = "The session key, e.g. telegram:dm:123456 or telegram:group:-100123::42." };
        var status = new Command("status", "Print a session's snapshot: model, agent, counters, MCP servers, pending approvals, last turn.") { key };
        status.SetAction((parse, cancellationToken) => WithSessionAsync(parse.GetValue(key)!, async (session, output) =>
        {
            await output.WriteLineAsync(SessionReports.Status(await session.GetSnapshotAsync()));
            return 0;
        }, cancellationToken));

        return new Command("session", "Look at sessions, and decide their tool approvals.") { status, Decision("approve", key), Decision("deny", key) };
    }

    // "approve <key> [id] [--always]" and "deny <key> [id] [--reason text]": the session's own command, sent as an operator.
    private static Command Decision(string verb, Argument<string> key)
    {
        var id = new Argument<string?>("id") { Description = "The approval's id (/status lists them); every pending call when left out.", Arity = ArgumentArity.ZeroOrOne };
        var always = new Option<bool>("--always") { Description = "Allow the tool for the rest of the session." };
        var reason = new Option<string?>("--reason") { Description = "Why, as the model reads it." };
        var command = new Command(verb, verb == "approve" ? "Let tool calls that wait for approval run." : "Refuse tool calls that wait for approval.") { key, id };
        command.Options.Add(verb == "approve" ? always : reason);
        command.SetAction((parse, cancellationToken) => WithSessionAsync(parse.GetValue(key)!, async (session, output) =>
        {
            var words = new[] { $"/{verb}", parse.GetValue(id), verb == "approve" && parse.GetValue(always) ? "always" : null, verb == "deny" ? parse.GetValue(reason) : null };
            ApprovalCaller.SetOperator();
            var result = await session.SendAsync(string.Join(' ', words.Where(word => !string.IsNullOrWhiteSpace(word))), cancellationToken: cancellationToken);
            await output.WriteLineAsync(result.Notice is null ? result.Reply : $"{result.Notice}\n{result.Reply}");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Task<int> WithSessionAsync(string key, Func<ISessionGrain, TextWriter, Task<int>> action, CancellationToken cancellationToken) =>
        OperatorConsole.RunAsync(async (client, output) =>
        {
            if (!SessionKey.TryParse(key, out var sessionKey))
            {
                await output.WriteLineAsync($"'{key}' is not a session key: expected platform:chatType:chatId[:threadId][:userId].");
                return 2;
            }

            return await action(client.GetSessionGrain(sessionKey), output);
        }, cancellationToken);
}
