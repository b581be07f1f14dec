using Hermes.Grains.Commands;

namespace Hermes.Tests.Commands;

public sealed class SlashCommandParserTests
{
    [Theory]
    [InlineData("/new", CommandName.New, "/new", null)]
    [InlineData("/reset", CommandName.New, "/reset", null)]
    [InlineData("/NEW", CommandName.New, "/new", null)]
    [InlineData("  /status  ", CommandName.Status, "/status", null)]
    [InlineData("/status@HermesBot", CommandName.Status, "/status", null)]
    [InlineData("/Model@HermesBot gpt-4.1", CommandName.Model, "/model", "gpt-4.1")]
    [InlineData("/model   openai/gpt-4.1  ", CommandName.Model, "/model", "openai/gpt-4.1")]
    [InlineData("/retry", CommandName.Retry, "/retry", null)]
    [InlineData("/undo", CommandName.Undo, "/undo", null)]
    [InlineData("/stop", CommandName.Stop, "/stop", null)]
    [InlineData("/usage", CommandName.Usage, "/usage", null)]
    [InlineData("/help", CommandName.Help, "/help", null)]
    [InlineData("/frobnicate now", CommandName.Unknown, "/frobnicate", "now")]
    public void Commands_are_recognised_case_insensitively_with_or_without_a_bot_name(string text, CommandName name, string typed, string? argument)
    {
        Assert.True(SlashCommandParser.TryParse(text, out var command));
        Assert.Equal(new SlashCommand(name, typed, argument), command);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("/")]
    [InlineData("/usr/bin is a folder")]
    [InlineData("/ new")]
    [InlineData("/123")]
    [InlineData("look at /status")]
    public void Text_that_only_looks_like_a_command_is_a_message(string text) =>
        Assert.False(SlashCommandParser.TryParse(text, out _));

    [Fact]
    public void Every_command_has_a_help_entry()
    {
        foreach (var name in Enum.GetValues<CommandName>().Where(name => name != CommandName.Unknown))
        {
            var word = CommandCatalog.Words.First(pair => pair.Value == name).Key;
            Assert.Contains(CommandCatalog.Entries, entry => entry.Usage.StartsWith($"/{word}", StringComparison.Ordinal));
        }
    }
}
