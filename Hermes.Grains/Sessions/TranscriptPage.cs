using System.Collections.Immutable;
using Hermes.Contracts.Sessions;
using Hermes.Contracts.Transcripts;

namespace Hermes.Grains.Sessions;

/// <summary>The durable state of one archive page: messages that left a session's recent window, oldest first.</summary>
[GenerateSerializer, Alias("hermes.TranscriptPage")]
public sealed class TranscriptPage
{
    [Id(0)] public ImmutableArray<TranscriptMessage> Messages { get; set; } = [];
}
