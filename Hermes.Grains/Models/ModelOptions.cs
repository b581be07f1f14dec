using System.ComponentModel.DataAnnotations;
using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Models;

/// <summary>
/// The model providers and the chain every session uses unless it chose its own primary. Section <c>Hermes:Model</c>.
/// Either <see cref="Providers"/> and <see cref="Chain"/>, or the single-endpoint shorthand (<see cref="BaseUrl"/>,
/// <see cref="ApiKey"/>, <see cref="Primary"/>, <see cref="Fallbacks"/>), which stands for one OpenAI-compatible
/// provider named <see cref="ShorthandProvider"/>. The retry and timeout settings here are every provider's defaults.
/// </summary>
/// <remarks>A class, not a record: a record's generated ToString would print <see cref="ApiKey"/>.</remarks>
public sealed class ModelOptions
{
    public const string SectionName = "Hermes:Model";

    /// <summary>The environment variable read when <see cref="ApiKey"/> is not set.</summary>
    public const string ApiKeyEnvironmentVariable = "OPENAI_API_KEY";

    /// <summary>The name of the provider the shorthand keys describe.</summary>
    public const string ShorthandProvider = "default";

    /// <summary>The providers by name.</summary>
    public Dictionary<string, ModelProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The models tried in order, primary first; when empty, <see cref="Primary"/> and <see cref="Fallbacks"/> are.</summary>
    public List<ModelChainEntry> Chain { get; set; } = [];

    /// <summary>
    /// Error classes after which the chain moves to its next model. Default: transient (after retries), capacity, model
    /// unavailable, unauthorised and other rejections; content-policy refusals and requests too large stop the turn.
    /// </summary>
    public List<ErrorKind> FallOverOn { get; set; } = [];

    /// <summary>Session keys, or prefixes of them ending in <c>:</c> or <c>*</c>, whose turns never fall over to another model.</summary>
    public List<string> NeverDowngrade { get; set; } = [];

    /// <summary>Base URL of any OpenAI-compatible chat-completions endpoint.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://api.openai.com/v1");

    /// <summary>The endpoint's API key. Read from configuration or the environment only; never stored or logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model tried first on every turn.</summary>
    public string? Primary { get; set; }

    /// <summary>Models tried in order when the primary cannot answer.</summary>
    public List<string> Fallbacks { get; set; } = [];

    /// <summary>Retries of one model on a transient error (429, 5xx, timeout) before the next model is tried.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay; later ones grow exponentially, with jitter. A Retry-After header takes precedence.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound on any one retry delay, Retry-After included.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The shorthand's context windows in tokens, by model id (<c>Hermes:Model:ContextLengths:{model}</c>); a chain entry
    /// gives its own <see cref="ModelChainEntry.ContextLength"/>. A model with neither gets
    /// <c>Hermes:Compaction:DefaultContextLength</c>, if set. Compaction and context fitting use it.
    /// </summary>
    public Dictionary<string, int> ContextLengths { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Time allowed for one model request (one attempt) before it counts as a transient failure.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(3);
}
