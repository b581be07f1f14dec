using System.Globalization;
using Hermes.Client.FrontDoor;
using Telegram.Bot.Types;
using HermesChatType = Hermes.Contracts.Sessions.ChatType;
using TelegramChatType = Telegram.Bot.Types.Enums.ChatType;

namespace Hermes.Client.Telegram;

/// <summary>Turns a Telegram message into the front door's message: DMs per chat, groups per user, forum topics per topic.</summary>
public static class TelegramRouting
{
    public const string Platform = "telegram";

    public static IncomingMessage? ToIncoming(Message message)
    {
        if (message.From is not { IsBot: false } sender)
        {
            return null;
        }

        var chatId = message.Chat.Id.ToString(CultureInfo.InvariantCulture);
        var userId = sender.Id.ToString(CultureInfo.InvariantCulture);
        var (chatType, threadId) = message.Chat.Type switch
        {
            TelegramChatType.Private => (HermesChatType.Dm, null),
            _ when message.IsTopicMessage && message.MessageThreadId is { } topic => (HermesChatType.Thread, topic.ToString(CultureInfo.InvariantCulture)),
            _ => (HermesChatType.Group, (string?)null),
        };
        return new IncomingMessage(Platform, chatType, chatId, userId, message.Text ?? string.Empty)
        {
            ThreadId = threadId,

            // A redelivered update carries the same ids, so the session never runs it twice.
            MessageId = $"{chatId}:{message.MessageId.ToString(CultureInfo.InvariantCulture)}",
            UserName = sender.Username is { } username ? $"@{username}" : sender.FirstName,
        };
    }
}
