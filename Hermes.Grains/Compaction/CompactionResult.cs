using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Compaction;

/// <summary>A compaction's end: the new summary, or why there is none; and what the summarising call cost either way.</summary>
public sealed record CompactionResult(ContextSummary? Summary, string? Failure, TokenUsage Usage)
{
    public static CompactionResult Failed(string reason, TokenUsage usage) => new(null, reason, usage);
}
