using System.Collections.Immutable;
using Hermes.Contracts.Chats;
using Hermes.Contracts.Sessions;

namespace Hermes.Client.Api.Chats;

/// <summary>
/// The conversation of a chat-completions request that names none: the one an earlier turn of the same history
/// answered in, or a new one for a new chat. So each chat of a UI that sends whole histories gets its own session.
/// </summary>
public sealed class ChatConversations(IClusterClient cluster)
{
    private const string NewChatPrefix = "chat-";

    /// <summary>The conversation whose answers this history continues (its longest answered prefix), or a new one.</summary>
    public async Task<string> FindOrStartAsync(string caller, ImmutableArray<TranscriptMessage> history)
    {
        var prefixes = ChatHistoryDigest.AnsweredPrefixes(history);
        var known = prefixes.IsEmpty ? null : await Index(caller).FindAsync(prefixes);
        return known ?? $"{NewChatPrefix}{Guid.NewGuid():N}";
    }

    /// <summary>Remembers that the history continued by <paramref name="question"/> and <paramref name="answer"/> belongs to <paramref name="conversation"/>.</summary>
    public Task RememberAsync(string caller, ImmutableArray<TranscriptMessage> history, string question, string answer, string conversation) =>
        Index(caller).RememberAsync(ChatHistoryDigest.AfterAnswer(history, question, answer), conversation);

    private IChatIndexGrain Index(string caller) => cluster.GetGrain<IChatIndexGrain>(caller);
}
