using System.Collections.Immutable;
using Hermes.Contracts.Sessions;
using Hermes.Contracts.Transcripts;

namespace Hermes.Grains.Sessions;

[GrainType("transcript-page")]
public sealed class TranscriptPageGrain(
    [PersistentState("page", SessionStorage.ProviderName)] IPersistentState<TranscriptPage> page) : Grain, ITranscriptPageGrain
{
    public async Task WriteAsync(ImmutableArray<TranscriptMessage> messages)
    {
        page.State.Messages = messages;
        await page.WriteStateAsync();

        // Pages are written once and rarely read: no reason to keep the activation.
        DeactivateOnIdle();
    }

    public Task<ImmutableArray<TranscriptMessage>> ReadAsync() => Task.FromResult(page.State.Messages);
}
