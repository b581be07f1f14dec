using System.ComponentModel.DataAnnotations;

namespace Hermes.Grains.Compaction;

/// <summary>When and how a conversation's older turns are replaced by a summary. Section <c>Hermes:Compaction</c>.</summary>
public sealed class CompactionOptions
{
    public const string SectionName = "Hermes:Compaction";

    /// <summary>False turns summaries off; the context is still fitted to each model's window.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Share of the primary model's window above which a turn first compacts the conversation.</summary>
    [Range(0.1, 1.0)]
    public double Threshold { get; set; } = 0.85;

    /// <summary>Share of the window the newest turns, kept word for word, may fill after a compaction (at least the last turn is kept).</summary>
    [Range(0.0, 0.9)]
    public double KeepRecentShare { get; set; } = 0.3;

    /// <summary>Share of a model's window one model call may fill; older messages are left out of a call that would exceed it.</summary>
    [Range(0.1, 1.0)]
    public double FitShare { get; set; } = 0.9;

    /// <summary>The model that writes summaries; empty means the session's own model chain.</summary>
    public string? SummaryModel { get; set; }

    /// <summary>Upper bound, in words, the summary is asked to keep to.</summary>
    [Range(50, 10_000)]
    public int SummaryWords { get; set; } = 400;

    /// <summary>The window of a model with no <c>Hermes:Model:ContextLengths</c> entry; unset means such a model is not fitted or compacted.</summary>
    [Range(256, 100_000_000)]
    public int? DefaultContextLength { get; set; }
}
