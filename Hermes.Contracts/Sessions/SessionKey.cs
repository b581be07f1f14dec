using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Hermes.Contracts.Sessions;

/// <summary>
/// Identifies one conversation. Its string form, <c>{platform}:{chatType}:{chatId}[:{threadId}][:{userId}]</c>,
/// is the grain key; this type is the only place that builds or reads it.
/// </summary>
/// <remarks>
/// Segments are percent-escaped so that platform ids containing ':' (e.g. Matrix room ids) round-trip.
/// When a user id is present the thread slot is always written (empty when there is no thread), so
/// four segments always mean "thread" and five always mean "thread and user".
/// </remarks>
public sealed record SessionKey
{
    private const char Separator = ':';

    private SessionKey(string platform, ChatType chatType, string chatId, string? threadId, string? userId)
    {
        Platform = platform;
        ChatType = chatType;
        ChatId = chatId;
        ThreadId = threadId;
        UserId = userId;
    }

    public string Platform { get; }
    public ChatType ChatType { get; }
    public string ChatId { get; }
    public string? ThreadId { get; }
    public string? UserId { get; }

    /// <summary>A direct conversation: the session follows the chat.</summary>
    public static SessionKey ForDm(string platform, string chatId) =>
        Create(platform, ChatType.Dm, chatId, threadId: null, userId: null);

    /// <summary>A group chat: per user by default, or one session for the whole group when <paramref name="shared"/>.</summary>
    public static SessionKey ForGroup(string platform, string chatId, string userId, bool shared = false) =>
        Create(platform, ChatType.Group, chatId, threadId: null, userId: shared ? null : RequireSegment(userId, nameof(userId)));

    /// <summary>A thread: shared by everyone in it.</summary>
    public static SessionKey ForThread(string platform, string chatId, string threadId) =>
        Create(platform, ChatType.Thread, chatId, RequireSegment(threadId, nameof(threadId)), userId: null);

    /// <summary>Reads a key produced by <see cref="ToString"/>.</summary>
    /// <exception cref="FormatException">The text is not a session key.</exception>
    public static SessionKey Parse(string text) =>
        TryParse(text, out var key, out var error) ? key : throw new FormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out SessionKey? key) => TryParse(text, out key, out _);

    public override string ToString()
    {
        var builder = new StringBuilder()
            .Append(Escape(Platform)).Append(Separator)
            .Append(ChatTypeName(ChatType)).Append(Separator)
            .Append(Escape(ChatId));
        if (ThreadId is not null || UserId is not null)
        {
            builder.Append(Separator).Append(Escape(ThreadId ?? string.Empty));
        }

        if (UserId is not null)
        {
            builder.Append(Separator).Append(Escape(UserId));
        }

        return builder.ToString();
    }

    private static bool TryParse(string? text, [NotNullWhen(true)] out SessionKey? key, out string error)
    {
        key = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "A session key must not be empty.";
            return false;
        }

        var parts = text.Split(Separator);
        if (parts.Length is < 3 or > 5)
        {
            error = $"'{text}' is not a session key: expected platform:chatType:chatId[:threadId][:userId].";
            return false;
        }

        if (!TryParseChatType(parts[1], out var chatType))
        {
            error = $"'{parts[1]}' is not a chat type (dm, group or thread).";
            return false;
        }

        var platform = Unescape(parts[0]);
        var chatId = Unescape(parts[2]);
        var threadId = parts.Length >= 4 && parts[3].Length > 0 ? Unescape(parts[3]) : null;
        var userId = parts.Length == 5 ? Unescape(parts[4]) : null;
        if (platform.Length == 0 || chatId.Length == 0 || (parts.Length == 4 && threadId is null) || userId is { Length: 0 })
        {
            error = $"'{text}' has an empty segment.";
            return false;
        }

        key = new SessionKey(platform, chatType, chatId, threadId, userId);
        error = string.Empty;
        return true;
    }

    private static SessionKey Create(string platform, ChatType chatType, string chatId, string? threadId, string? userId) =>
        new(RequireSegment(platform, nameof(platform)).ToLowerInvariant(), chatType, RequireSegment(chatId, nameof(chatId)), threadId, userId);

    private static string RequireSegment(string value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"A session key's {name} must not be empty.", name) : value;

    private static string ChatTypeName(ChatType chatType) => chatType switch
    {
        ChatType.Dm => "dm",
        ChatType.Group => "group",
        ChatType.Thread => "thread",
        _ => throw new ArgumentOutOfRangeException(nameof(chatType), chatType, null),
    };

    private static bool TryParseChatType(string text, out ChatType chatType)
    {
        foreach (var candidate in Enum.GetValues<ChatType>())
        {
            if (ChatTypeName(candidate) == text)
            {
                chatType = candidate;
                return true;
            }
        }

        chatType = default;
        return false;
    }

    private static string Escape(string segment) => segment.Replace("%", "%25", StringComparison.Ordinal).Replace(":", "%3A", StringComparison.Ordinal);

    private static string Unescape(string segment) => segment.Replace("%3A", ":", StringComparison.OrdinalIgnoreCase).Replace("%25", "%", StringComparison.Ordinal);
}
