namespace Hermes.Contracts.Transcripts;

/// <summary>An earlier conversation of a session (before a <c>/new</c>), whose transcript lives in archive pages.</summary>
[GenerateSerializer, Immutable, Alias("hermes.ArchivedConversation")]
public sealed record ArchivedConversation(
    [property: Id(0)] string SessionId,
    [property: Id(1)] int Pages,
    [property: Id(2)] int Messages,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] DateTimeOffset EndedAt);
