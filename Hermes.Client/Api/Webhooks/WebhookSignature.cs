using System.Security.Cryptography;
using System.Text;

namespace Hermes.Client.Api.Webhooks;

/// <summary>
/// The signature of a webhook's body: <c>X-Hermes-Signature: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 of the exact body
/// bytes with the key holder's secret. A receiver computes the same over the bytes it got and compares in constant time.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Hermes-Signature";

    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        $"sha256={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body))}";

    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, body)), Encoding.ASCII.GetBytes(signature));
}
