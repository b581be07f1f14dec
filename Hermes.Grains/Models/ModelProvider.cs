using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Hermes.Grains.Models;

/// <summary>A provider as configured, with every default filled in (<see cref="ModelCatalog"/>).</summary>
/// <remarks>A class, not a record: a record's generated ToString would print the keys.</remarks>
public sealed class ModelProvider
{
    public required string Name { get; init; }

    public required ModelProviderKind Kind { get; init; }

    public required Uri BaseUrl { get; init; }

    /// <summary>The credential pool in order; empty for an endpoint that needs no key.</summary>
    public required ImmutableArray<string> Keys { get; init; }

    public ImmutableDictionary<string, string> Headers { get; init; } = ImmutableDictionary<string, string>.Empty;

    public int MaxOutputTokens { get; init; } = 8192;

    public bool PromptCaching { get; init; }

    public required int MaxRetries { get; init; }

    public required TimeSpan RetryBaseDelay { get; init; }

    public required TimeSpan MaxRetryDelay { get; init; }

    public required TimeSpan RequestTimeout { get; init; }

    /// <summary>The kind as configuration and <c>/status</c> spell it.</summary>
    public string KindName => Kind.ToString().ToLowerInvariant();

    /// <summary>Identifies the provider's client settings and a digest of its keys, never a key itself: a change means new clients.</summary>
    public string Signature => string.Join(
        '|',
        Name,
        Kind,
        BaseUrl,
        KeysDigest,
        Digest(string.Join('\n', Headers.OrderBy(header => header.Key, StringComparer.Ordinal).Select(header => $"{header.Key}={header.Value}"))),
        MaxOutputTokens,
        PromptCaching);

    /// <summary>A digest of the pool: a credential pool is kept while its keys stay the same.</summary>
    public string KeysDigest => Digest(string.Join('\n', Keys));

    /// <summary>A short digest: only digests of secrets may enter a signature.</summary>
    public static string Digest(string? value) =>
        string.IsNullOrEmpty(value) ? string.Empty : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)), 0, 8);
}
