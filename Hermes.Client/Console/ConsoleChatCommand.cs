using System.CommandLine;
using Hermes.Grains.Sessions;

namespace Hermes.Client.Console;

/// <summary><c>hermes chat</c>: a terminal conversation, interactive or one message at a time.</summary>
public static class ConsoleChatCommand
{
    public const string Platform = "console";

    public static Command Create()
    {
        var chat = new Option<string>("--chat")
        {
            Description = "Conversation id; each id is its own session.",
            DefaultValueFactory = _ => Environment.UserName,
        };
        var message = new Option<string?>("--message", "-m")
        {
            Description = "Send this one message, print the reply and exit (non-zero when the turn fails).",
        };
        var status = new Option<bool>("--status")
        {
            Description = "Print the session's snapshot (model, counters, MCP servers) and exit.",
        };

        var command = new Command("chat", "Talk to the agent from the terminal.") { chat, message, status };
        command.SetAction((parse, cancellationToken) => new ConsoleChat(
            SessionKey.ForDm(Platform, parse.GetValue(chat)!),
            System.Console.In,
            System.Console.Out).RunAsync(parse.GetValue(message), parse.GetValue(status), cancellationToken));
        return command;
    }
}
