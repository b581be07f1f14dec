using System.Collections.Immutable;
using Hermes.Contracts.Sessions;
using Hermes.Contracts.Transcripts;
using Hermes.Grains.Transcripts;

namespace Hermes.Grains.Sessions;

/// <summary>A session's archive: the pages of transcript that left its recent window, one grain per page.</summary>
public sealed class TranscriptArchive(IGrainFactory grains, string sessionKey)
{
    /// <summary>Writes <paramref name="page"/>, then lets <paramref name="conversation"/> forget its messages.</summary>
    /// <remarks>The page is written before the session state that forgets its messages, so a failure in between leaves a copy, never a gap.</remarks>
    public async Task MoveAsync(Conversation conversation, string sessionId, (int Number, ImmutableArray<TranscriptMessage> Messages)? page)
    {
        if (page is { } due)
        {
            await Page(sessionId, due.Number).WriteAsync(due.Messages);
            conversation.Archived(due.Messages.Length);
        }
    }

    public Task<ImmutableArray<TranscriptMessage>> ReadAsync(string sessionId, int page) => Page(sessionId, page).ReadAsync();

    private ITranscriptPageGrain Page(string sessionId, int number) => grains.GetGrain<ITranscriptPageGrain>(TranscriptPageKey.For(sessionKey, sessionId, number));
}
