using Hermes.Contracts.Sessions;
using Hermes.Contracts.Transcripts;

namespace Hermes.Grains.Transcripts;

/// <summary>Decides how many of the oldest transcript messages move to an archive page.</summary>
public static class TranscriptArchivePolicy
{
    /// <returns>
    /// The number of leading messages to archive: whole turns only (the cut falls on a user message), leaving at least
    /// <see cref="TranscriptOptions.RecentMessages"/>, and at least a page's worth; 0 when nothing should move yet.
    /// </returns>
    public static int MessagesToArchive(IReadOnlyList<TranscriptMessage> transcript, TranscriptOptions options)
    {
        if (transcript.Count <= options.RecentMessages + options.PageSize)
        {
            return 0;
        }

        for (var cut = transcript.Count - options.RecentMessages; cut >= options.PageSize; cut--)
        {
            if (transcript[cut].Role == TranscriptRole.User)
            {
                return cut;
            }
        }

        return 0;
    }
}
