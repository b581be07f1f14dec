namespace Hermes.Grains.Chats;

/// <summary>The durable state of a <see cref="ChatIndexGrain"/>: digests and their conversations, oldest first.</summary>
[GenerateSerializer, Alias("hermes.ChatIndexState")]
public sealed class ChatIndexState
{
    [Id(0)] public List<ChatIndexEntry> Entries { get; set; } = [];
}
