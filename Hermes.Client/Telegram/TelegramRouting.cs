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

    public static IncomingMessage? ToIncoming(Message message) =>
        message.From is { IsBot: false } sender
            ? ToIncoming(message, sender, message.Text ?? string.Empty, message.MessageId.ToString(CultureInfo.InvariantCulture))
            : null;

    /// <summary>A pressed button as a message from whoever pressed it, in the chat of the message that carries the button.</summary>
    /// <param name="text">The command the button stands for.</param>
    public static IncomingMessage? ToIncoming(CallbackQuery query, string text) =>
        query.Message is { } carrier && !query.From.IsBot ? ToIncoming(carrier, query.From, text, $"button:{query.Id}") : null;

    private static IncomingMessage ToIncoming(Message message, User sender, string text, string messageId)
    {
        var chatId = message.Chat.Id.ToString(CultureInfo.InvariantCulture);
        var userId = sender.Id.ToString(CultureInfo.InvariantCulture);
        var (chatType, threadId) = message.Chat.Type switch
        {
            TelegramChatType.Private => (HermesChatType.Dm, null),
            _ when message.IsTopicMessage && message.MessageThreadId is { } topic => (HermesChatType.Thread, topic.ToString(CultureInfo.InvariantCulture)),
            _ => (HermesChatType.Group, (string?)null),
        };
        return new IncomingMessage(Platform, chatType, chatId, userId, text)
        {
            ThreadId = threadId,

            // A redelivered update carries the same ids, so the session never runs it twice.
            MessageId = $"{chatId}:{messageId}",
            UserName = sender.Username is { } username ? $"@{username}" : sender.FirstName,
        };
    }
}
