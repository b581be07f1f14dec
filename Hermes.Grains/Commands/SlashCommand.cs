namespace Hermes.Grains.Commands;

/// <summary>A slash command as the user typed it: its name, the word they used, and what followed.</summary>
/// <param name="Name">The command, with aliases resolved.</param>
/// <param name="Typed">The command word as typed, lower-cased and without its <c>@botname</c> suffix (e.g. <c>/reset</c>).</param>
/// <param name="Argument">The text after the command word, trimmed; null when there is none.</param>
public sealed record SlashCommand(CommandName Name, string Typed, string? Argument);
