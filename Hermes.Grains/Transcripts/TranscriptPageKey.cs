using System.Globalization;
using Hermes.Contracts.Transcripts;

namespace Hermes.Grains.Transcripts;

/// <summary>Builds the key of an archive page: the session's key, the conversation's id and the page number.</summary>
public static class TranscriptPageKey
{
    public static string For(string sessionKey, string sessionId, int page) =>
        string.Create(CultureInfo.InvariantCulture, $"{sessionKey}/{sessionId}/{page}");
}
