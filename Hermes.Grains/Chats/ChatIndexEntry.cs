namespace Hermes.Grains.Chats;

/// <summary>A history digest and the conversation it continues.</summary>
[GenerateSerializer, Immutable, Alias("hermes.ChatIndexEntry")]
public sealed record ChatIndexEntry([property: Id(0)] string Digest, [property: Id(1)] string Conversation);
