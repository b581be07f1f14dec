namespace Hermes.Client.Telegram;

/// <summary>Splits a reply into messages Telegram accepts (at most 4,096 characters), at paragraph, line or word breaks when it can.</summary>
public static class TelegramMessageSplitter
{
    public const int MaxLength = 4096;

    public static IReadOnlyList<string> Split(string text, int maxLength = MaxLength)
    {
        List<string> parts = [];
        var rest = text.Trim();
        while (rest.Length > maxLength)
        {
            var window = rest[..maxLength];
            var cut = LastBreak(window, "\n\n") ?? LastBreak(window, "\n") ?? LastBreak(window, " ") ?? maxLength;
            parts.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }

        if (rest.Length > 0 || parts.Count == 0)
        {
            parts.Add(rest);
        }

        return parts;
    }

    // A break in the second half of the window only, so that no part comes out tiny.
    private static int? LastBreak(string window, string separator)
    {
        var index = window.LastIndexOf(separator, StringComparison.Ordinal);
        return index > window.Length / 2 ? index : null;
    }
}
