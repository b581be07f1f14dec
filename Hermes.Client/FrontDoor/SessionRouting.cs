using Hermes.Contracts.Sessions;

namespace Hermes.Client.FrontDoor;

/// <summary>Which session a platform message belongs to: DMs by chat, groups per user (unless shared), threads shared.</summary>
public static class SessionRouting
{
    public static SessionKey KeyFor(IncomingMessage message, bool sharedGroupSessions) => message.ChatType switch
    {
        ChatType.Dm => SessionKey.ForDm(message.Platform, message.ChatId),
        ChatType.Group => SessionKey.ForGroup(message.Platform, message.ChatId, message.UserId, sharedGroupSessions),
        ChatType.Thread => SessionKey.ForThread(message.Platform, message.ChatId, message.ThreadId
            ?? throw new ArgumentException("A thread message needs a thread id.", nameof(message))),
        _ => throw new ArgumentOutOfRangeException(nameof(message), message.ChatType, "Unknown chat type."),
    };
}
