using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Hermes.Contracts.Sessions;

namespace Hermes.Client.Api.Chats;

/// <summary>
/// Digests of a chat's history, one per prefix: each the SHA-256 of the one before, the role and the text. Two
/// histories share a digest exactly when they share that prefix, so a chat is recognised without storing its text.
/// </summary>
public static class ChatHistoryDigest
{
    /// <summary>The digest of the empty history.</summary>
    public const string Empty = "";

    /// <summary>The digests of the prefixes that end with an answer, longest first: where an earlier turn of the same chat ended.</summary>
    public static ImmutableArray<string> AnsweredPrefixes(IEnumerable<TranscriptMessage> history)
    {
        var digest = Empty;
        List<string> answered = [];
        foreach (var message in history)
        {
            digest = Extend(digest, message.Role, message.Text);
            if (message.Role == TranscriptRole.Assistant)
            {
                answered.Add(digest);
            }
        }

        answered.Reverse();
        return [.. answered];
    }

    /// <summary>The digest of the whole history, then the question and its answer: what the client will send as history next.</summary>
    public static string AfterAnswer(IEnumerable<TranscriptMessage> history, string question, string answer) =>
        Extend(Extend(history.Aggregate(Empty, (digest, message) => Extend(digest, message.Role, message.Text)), TranscriptRole.User, question), TranscriptRole.Assistant, answer);

    // Trimmed: clients differ in the whitespace they keep around a message.
    private static string Extend(string digest, TranscriptRole role, string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{digest}\n{role}\n{text.Trim()}")));
}
