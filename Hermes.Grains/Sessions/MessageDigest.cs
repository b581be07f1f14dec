using System.Security.Cryptography;
using System.Text;

namespace Hermes.Grains.Sessions;

/// <summary>A short fingerprint of a message's text: enough to tell a retry from another message, without keeping the text twice.</summary>
public static class MessageDigest
{
    public static string Of(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>True when <paramref name="recorded"/> may belong to the same message: equal, or unknown (written before digests).</summary>
    public static bool Matches(string? recorded, string digest) => recorded is null || recorded == digest;
}
