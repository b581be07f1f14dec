using System.Globalization;

namespace Hermes.Grains.Compaction;

/// <summary>What <c>/compress</c> answers.</summary>
public static class CompactionReplies
{
    public const string NoWindow =
        "Nothing compacted: the model's context length is not known. Set Hermes:Model:ContextLengths:<model> (or Hermes:Compaction:DefaultContextLength).";

    public const string NothingToCompact = "Nothing to compact: the conversation holds no more than its latest turn.";

    public static string For(CompactionResult result) => result.Summary is { } summary
        ? string.Create(
            CultureInfo.InvariantCulture,
            $"Compacted turns 1-{summary.ThroughTurn} into a summary: the model's context went from about {summary.TokensBefore:N0} to {summary.TokensAfter:N0} tokens, {summary.TokensSaved:N0} tokens saved. The full transcript is kept.")
        : $"Nothing compacted: {result.Failure}. The conversation is unchanged.";
}
