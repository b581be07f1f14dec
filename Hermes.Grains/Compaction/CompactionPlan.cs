using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Compaction;

/// <summary>Which turns a compaction summarises and which it keeps word for word.</summary>
/// <param name="ThroughTurn">The newest turn the new summary covers.</param>
/// <param name="Older">The messages to summarise: those the model sees now, up to <paramref name="ThroughTurn"/>.</param>
/// <param name="TokensBefore">The model's context now, estimated.</param>
/// <param name="TokensKept">What stays beside the summary: the newest turns and the next message, estimated.</param>
public sealed record CompactionPlan(int ThroughTurn, IReadOnlyList<TranscriptMessage> Older, int TokensBefore, int TokensKept);
