using System.Collections.Immutable;

namespace Hermes.Contracts.Chats;

/// <summary>
/// For one API caller (keyed by the key holder's name): which conversation a chat history belongs to, so that a client
/// sending whole histories without naming a conversation gets one session per chat. A history is known by digests of
/// its prefixes (<c>ChatHistoryDigest</c> on the API side); only digests are kept, never text.
/// </summary>
[Alias("hermes.IChatIndexGrain")]
public interface IChatIndexGrain : IGrainWithStringKey
{
    /// <summary>The conversation of the first digest known, trying them in the order given (longest prefix first); null when none is.</summary>
    [Alias("Find")]
    Task<string?> FindAsync(ImmutableArray<string> digests);

    /// <summary>Remembers that a history with <paramref name="digest"/> continues <paramref name="conversation"/>.</summary>
    [Alias("Remember")]
    Task RememberAsync(string digest, string conversation);
}
