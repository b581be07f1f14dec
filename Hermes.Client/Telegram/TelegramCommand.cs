using System.CommandLine;
using Microsoft.Extensions.Hosting;

namespace Hermes.Client.Telegram;

/// <summary><c>hermes telegram</c>.</summary>
public static class TelegramCommand
{
    public static Command Create()
    {
        var command = new Command(
            "telegram",
            "Run the Telegram bot: long-polls the Bot API (Hermes:Telegram:BotToken, Hermes:Telegram:ApiBaseUrl), one session per " +
            "direct chat, per user in groups and per forum topic. Who may talk is set under Hermes:Access; unknown users in a " +
            "direct chat get a pairing code.");
        command.SetAction(async (_, cancellationToken) =>
        {
            using var host = TelegramBotHost.CreateBuilder([]).Build();
            await host.RunAsync(cancellationToken);
        });
        return command;
    }
}
