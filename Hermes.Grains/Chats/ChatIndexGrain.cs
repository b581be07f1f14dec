using System.Collections.Immutable;
using Hermes.Contracts.Chats;
using Hermes.Grains.Sessions;

namespace Hermes.Grains.Chats;

/// <summary>One API caller's history digests and the conversations they continue, the oldest forgotten beyond <see cref="Kept"/>.</summary>
[GrainType("chat-index")]
public sealed class ChatIndexGrain(
    [PersistentState("chats", SessionStorage.ProviderName)] IPersistentState<ChatIndexState> state) : Grain, IChatIndexGrain
{
    /// <summary>Digests kept per caller: one per answered turn, so a few thousand chats' latest turns.</summary>
    public const int Kept = 10_000;

    public Task<string?> FindAsync(ImmutableArray<string> digests)
    {
        var known = state.State.Entries;
        foreach (var digest in digests)
        {
            if (known.FindLast(entry => entry.Digest == digest) is { } entry)
            {
                return Task.FromResult<string?>(entry.Conversation);
            }
        }

        return Task.FromResult<string?>(null);
    }

    public async Task RememberAsync(string digest, string conversation)
    {
        var entries = state.State.Entries;
        entries.Add(new ChatIndexEntry(digest, conversation));
        if (entries.Count > Kept)
        {
            entries.RemoveRange(0, entries.Count - Kept);
        }

        await state.WriteStateAsync();
    }
}
