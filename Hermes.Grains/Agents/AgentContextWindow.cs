using Hermes.Grains.Compaction;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Agents;

/// <summary>What an agent knows about its context windows, for compaction: its token estimate and who summarises.</summary>
/// <param name="Tokens">The agent's estimator, corrected by what its models report.</param>
/// <param name="ContextLength">The primary model's window; null when unknown (then nothing is compacted).</param>
/// <param name="SummarizerContextLength">The summarising model's window (the primary's, unless another model summarises).</param>
/// <param name="Summarizer">The session's chain, or the chain of the configured summary model.</param>
public sealed record AgentContextWindow(TokenEstimator Tokens, int? ContextLength, int? SummarizerContextLength, IChatClient Summarizer);
