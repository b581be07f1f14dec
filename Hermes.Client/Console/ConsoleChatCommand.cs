using System.CommandLine;

namespace Hermes.Client.Console;

/// <summary><c>hermes chat</c>: a terminal conversation, interactive or one message at a time.</summary>
public static class ConsoleChatCommand
{
    public static Command Create()
    {
        var chat = new Option<string>("--chat")
        {
            Description = "Conversation id; each id is its own session.",
            DefaultValueFactory = _ => Environment.UserName,
        };
        var message = new Option<string?>("--message", "-m")
        {
            Description = "Send this one message, print the reply and exit (exit code 1 when the turn does not complete, 3 when Hermes is unreachable).",
        };
        var status = new Option<bool>("--status")
        {
            Description = "Print the session's snapshot (model, counters, MCP servers) and exit.",
        };
        var history = new Option<int>("--history")
        {
            Description = "Messages of the conversation so far to show before chatting.",
            DefaultValueFactory = _ => 10,
        };

        var command = new Command("chat", "Talk to the agent from the terminal, with its progress shown as it works. Slash commands (/help) pass through.")
        {
            chat, message, status, history,
        };
        command.SetAction((parse, cancellationToken) => new ConsoleChat(parse.GetValue(chat)!, System.Console.In, System.Console.Out)
            .RunAsync(parse.GetValue(message), parse.GetValue(status), parse.GetValue(history), cancellationToken));
        return command;
    }
}
