using System.Text.Json;
using Hermes.Contracts.Sessions;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Compaction;

/// <summary>
/// Estimates how many tokens messages take in a model's context: four characters a token (the usual rate of English
/// text on current tokenizers), plus a few tokens a message, scaled up by what the provider reported for the last call.
/// </summary>
/// <remarks>
/// Why not a tokenizer: a session's chain may mix providers whose tokenizers differ (and Anthropic publishes none), so
/// an exact count for one would still be an estimate for the others. The provider's own count corrects the estimate
/// instead (<see cref="Observe"/>): when a call cost more tokens than estimated, later estimates grow by that ratio
/// (up to four times), never shrink below the character rate. One per agent; its turns run one at a time.
/// </remarks>
public sealed class TokenEstimator
{
    public const double CharactersPerToken = 4;

    private const int TokensPerMessage = 4;
    private const double MaxScale = 4;

    private double _scale = 1;

    /// <summary>How much the provider's counts scaled the character estimate up (1 when they never exceeded it).</summary>
    public double Scale => Volatile.Read(ref _scale);

    public int Estimate(IEnumerable<ChatMessage> messages) => Scaled(messages.Sum(Raw));

    public int Estimate(ChatMessage message) => Scaled(Raw(message));

    public int Estimate(TranscriptMessage message) =>
        Scaled(TokensPerMessage + (message.Text.Length + message.ToolCalls.Sum(call => call.Name.Length + call.ArgumentsJson.Length)) / CharactersPerToken);

    public int Estimate(string text) => Scaled(TokensPerMessage + text.Length / CharactersPerToken);

    /// <summary>Learns from the provider's count of the input tokens of a call that sent <paramref name="sent"/>.</summary>
    public void Observe(IEnumerable<ChatMessage> sent, long? reportedInputTokens)
    {
        var raw = sent.Sum(Raw);
        if (reportedInputTokens is > 0 && raw > 0)
        {
            Volatile.Write(ref _scale, Math.Clamp(reportedInputTokens.Value / raw, 1, MaxScale));
        }
    }

    private int Scaled(double raw) => (int)Math.Ceiling(raw * Scale);

    private static double Raw(ChatMessage message) => TokensPerMessage + message.Contents.Sum(Characters) / CharactersPerToken;

    private static int Characters(AIContent content) => content switch
    {
        TextContent text => text.Text.Length,
        FunctionCallContent call => call.Name.Length + (call.Arguments is null ? 0 : JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions).Length),
        FunctionResultContent { Result: string text } => text.Length,
        FunctionResultContent result => result.Result is null ? 0 : JsonSerializer.Serialize(result.Result, AIJsonUtilities.DefaultOptions).Length,
        _ => 0,
    };
}
