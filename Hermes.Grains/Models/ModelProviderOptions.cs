using System.ComponentModel.DataAnnotations;

namespace Hermes.Grains.Models;

/// <summary>
/// One model provider: its protocol, endpoint, credential pool and request settings. Section
/// <c>Hermes:Model:Providers:{name}</c>. Settings left out take the values of <c>Hermes:Model</c>.
/// </summary>
/// <remarks>A class, not a record: a record's generated ToString would print the keys.</remarks>
public sealed class ModelProviderOptions
{
    public ModelProviderKind Kind { get; set; } = ModelProviderKind.OpenAI;

    /// <summary>The endpoint; by default OpenAI's or Anthropic's own, by <see cref="Kind"/>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>One key. Read from configuration or the environment only; never stored or logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A pool of keys, tried in order: a key refused (401/403) is parked, a rate-limited one rests until its reset.</summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>An environment variable holding the key when neither <see cref="ApiKey"/> nor <see cref="Keys"/> is set.</summary>
    public string? ApiKeyVariable { get; set; }

    /// <summary>Headers sent with every request to this provider (e.g. OpenRouter's <c>HTTP-Referer</c>).</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    [Range(0, 10)]
    public int? MaxRetries { get; set; }

    public TimeSpan? RetryBaseDelay { get; set; }

    public TimeSpan? MaxRetryDelay { get; set; }

    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>The most tokens one answer may have; the Messages API requires it (Anthropic only).</summary>
    [Range(1, 1_000_000)]
    public int MaxOutputTokens { get; set; } = 8192;

    /// <summary>Marks the system prompt and the conversation so far as cacheable (Anthropic only).</summary>
    public bool PromptCaching { get; set; } = true;
}
