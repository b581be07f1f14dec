using System.ComponentModel.DataAnnotations;

namespace Hermes.Client.Telegram;

/// <summary>The Telegram bot (<c>hermes telegram</c>). Section <c>Hermes:Telegram</c>.</summary>
/// <remarks>A class, not a record: a record's generated ToString would print <see cref="BotToken"/>.</remarks>
public sealed class TelegramOptions
{
    public const string SectionName = "Hermes:Telegram";

    /// <summary>The token @BotFather gave. A secret: set it from the environment.</summary>
    [Required(ErrorMessage = "Set the bot's token: Hermes:Telegram:BotToken (environment variable Hermes__Telegram__BotToken).")]
    public string? BotToken { get; set; }

    /// <summary>The Bot API's address; a local Bot API server (or a test's stand-in) lives elsewhere.</summary>
    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://api.telegram.org");

    /// <summary>How long one long-polling request waits for updates.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A line added under an answer that came from a fallback model; <c>{model}</c> stands for the <c>provider:model</c> that
    /// answered. Empty: no line.
    /// </summary>
    public string FallbackMarker { get; set; } = "↪ {model}";

    /// <summary>How often "typing…" is shown again while a turn runs (Telegram shows it for about 5 s).</summary>
    public TimeSpan TypingInterval { get; set; } = TimeSpan.FromSeconds(4);
}
