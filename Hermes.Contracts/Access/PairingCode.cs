using System.Security.Cryptography;

namespace Hermes.Contracts.Access;

/// <summary>Short one-time codes, easy to read aloud: no 0/O or 1/I/L.</summary>
public static class PairingCode
{
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int Length = 6;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>The code as the operator may type it: trimmed, upper-case.</summary>
    public static string Normalize(string code) => code.Trim().ToUpperInvariant();
}
