using System.Collections.Immutable;
using Hermes.Contracts.Sessions;
using Orleans.Concurrency;

namespace Hermes.Contracts.Transcripts;

/// <summary>One page of a conversation's archived transcript, written once by its session. Keyed by <see cref="TranscriptPageKey"/>.</summary>
[Alias("hermes.ITranscriptPageGrain")]
public interface ITranscriptPageGrain : IGrainWithStringKey
{
    /// <summary>Stores the page; writing the same page again replaces it, so a retried archive step never duplicates.</summary>
    [Alias("Write")]
    Task WriteAsync(ImmutableArray<TranscriptMessage> messages);

    [Alias("Read"), ReadOnly]
    Task<ImmutableArray<TranscriptMessage>> ReadAsync();
}
