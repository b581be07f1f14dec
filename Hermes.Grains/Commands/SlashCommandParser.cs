using System.Diagnostics.CodeAnalysis;

namespace Hermes.Grains.Commands;

/// <summary>
/// Recognises slash commands, the one place that does: <c>/name[@botname] [argument]</c>, case-insensitive. Text that
/// merely starts with a slash (a path such as <c>/usr/bin</c>) is a message, not a command.
/// </summary>
public static class SlashCommandParser
{
    public static bool TryParse(string text, [NotNullWhen(true)] out SlashCommand? command)
    {
        command = null;
        var trimmed = text.TrimStart();
        if (trimmed.Length < 2 || trimmed[0] != '/' || !char.IsAsciiLetter(trimmed[1]))
        {
            return false;
        }

        var end = 1;
        while (end < trimmed.Length && (char.IsAsciiLetterOrDigit(trimmed[end]) || trimmed[end] is '_' or '-'))
        {
            end++;
        }

        var word = trimmed[1..end].ToLowerInvariant();
        if (end < trimmed.Length && trimmed[end] == '@')
        {
            // Telegram appends the bot's name in groups: /status@HermesBot.
            end++;
            while (end < trimmed.Length && !char.IsWhiteSpace(trimmed[end]))
            {
                end++;
            }
        }

        if (end < trimmed.Length && !char.IsWhiteSpace(trimmed[end]))
        {
            return false;
        }

        var argument = trimmed[end..].Trim();
        command = new SlashCommand(
            CommandCatalog.Words.GetValueOrDefault(word, CommandName.Unknown),
            $"/{word}",
            argument.Length == 0 ? null : argument);
        return true;
    }
}
