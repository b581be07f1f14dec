using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Compaction;

/// <summary>What the summarising model answered.</summary>
/// <param name="Text">The summary.</param>
/// <param name="Usage">The tokens the call cost.</param>
/// <param name="Model">The model that answered.</param>
public sealed record SummaryAnswer(string Text, TokenUsage Usage, string? Model);
