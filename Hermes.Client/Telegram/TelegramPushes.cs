using System.Globalization;
using Hermes.Client.Pushes;
using Hermes.Contracts.Pushes;
using Hermes.Contracts.Sessions;
using Microsoft.Extensions.Hosting;
using Telegram.Bot;

namespace Hermes.Client.Telegram;

/// <summary>
/// Sends the replies nobody waited for (scheduled turns, notes about skipped ones) to their Telegram chats, with no
/// incoming message: the bot drains the <c>telegram</c> outbox, which every replica of the bot shares, so each reply
/// is sent by one of them.
/// </summary>
public sealed class TelegramPushes(ITelegramBotClient bot, PushDrain drain) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => drain.RunAsync(TelegramRouting.Platform, SendAsync, stoppingToken);

    private async Task SendAsync(PushedReply reply, CancellationToken cancellationToken)
    {
        var session = SessionKey.Parse(reply.SessionKey);
        var chatId = long.Parse(session.ChatId, CultureInfo.InvariantCulture);
        int? thread = session.ThreadId is { } topic ? int.Parse(topic, CultureInfo.InvariantCulture) : null;
        foreach (var part in TelegramMessageSplitter.Split(reply.Text))
        {
            await bot.SendMessage(chatId, part, messageThreadId: thread, cancellationToken: cancellationToken);
        }
    }
}
