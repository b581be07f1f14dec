using Hermes.Contracts.Sessions;

namespace Hermes.Contracts.Pushes;

/// <summary>
/// Which outbox a session's pushed replies go to: one per front-end that can reach them. A Telegram bot reaches every
/// Telegram chat; a console reaches only its own conversation; the HTTP API reaches the holder of one API key.
/// </summary>
public static class PushDestination
{
    public const string ConsolePlatform = "console";

    public const string ApiPlatform = "api";

    public const string TelegramPlatform = "telegram";

    public static string For(SessionKey session) => session.Platform switch
    {
        ConsolePlatform => $"{ConsolePlatform}/{session.ChatId}",
        ApiPlatform => ForApiKey(ApiKeyName(session)),
        _ => session.Platform,
    };

    /// <summary>The outbox a front-end drains for <paramref name="session"/>; null for a platform no front-end drains.</summary>
    public static string? Drained(SessionKey session) =>
        session.Platform is ConsolePlatform or ApiPlatform or TelegramPlatform ? For(session) : null;

    public static string ForConsole(string chatId) => $"{ConsolePlatform}/{chatId}";

    public static string ForApiKey(string keyName) => $"{ApiPlatform}/{keyName}";

    // The API's sessions are keyed by chat "{key name}/{conversation}".
    private static string ApiKeyName(SessionKey session) => session.ChatId.Split('/')[0];
}
