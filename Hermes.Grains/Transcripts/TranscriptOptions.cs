using System.ComponentModel.DataAnnotations;
using Hermes.Contracts.Transcripts;

namespace Hermes.Grains.Transcripts;

/// <summary>How much transcript a session keeps in its own state. Section <c>Hermes:Sessions:Transcript</c>.</summary>
public sealed class TranscriptOptions
{
    /// <summary>
    /// Messages kept in the session's state and sent to the model as context; older whole turns move to archive pages,
    /// so that a session's state, and so the cost of writing it after each turn, stays bounded however long it runs.
    /// </summary>
    [Range(10, 100_000)]
    public int RecentMessages { get; set; } = 200;

    /// <summary>The least number of messages moved to an archive page at a time.</summary>
    [Range(1, 100_000)]
    public int PageSize { get; set; } = 100;
}
