namespace Hermes.Contracts.Sessions;

/// <summary>
/// The summary that stands in for the older turns of a conversation in the model's context (compaction). The turns
/// themselves stay in the transcript and its archive; only what the model is sent changes.
/// </summary>
/// <param name="Text">The summary, as the model reads it.</param>
/// <param name="ThroughTurn">The last turn it covers: the model sees it instead of turns 1 to this one.</param>
/// <param name="TokensBefore">The model's context, estimated in tokens, just before this summary was written.</param>
/// <param name="TokensAfter">The same context with this summary in place of the turns it covers.</param>
/// <param name="Model">The model that wrote it.</param>
/// <param name="At">When it was written.</param>
[GenerateSerializer, Immutable, Alias("hermes.ContextSummary")]
public sealed record ContextSummary(
    [property: Id(0)] string Text,
    [property: Id(1)] int ThroughTurn,
    [property: Id(2)] int TokensBefore,
    [property: Id(3)] int TokensAfter,
    [property: Id(4)] string? Model,
    [property: Id(5)] DateTimeOffset At)
{
    public int TokensSaved => TokensBefore - TokensAfter;
}
