using System.Collections.Immutable;
using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Models;

/// <summary>
/// The providers and the model chain that <see cref="ModelOptions"/> describe, every default filled in: the one reading of
/// the <c>Hermes:Model</c> section, shorthand included. Pure: built again whenever the options change.
/// </summary>
public sealed class ModelCatalog
{
    /// <summary>The error classes that fall over unless configured otherwise.</summary>
    public static readonly ImmutableHashSet<ErrorKind> DefaultFallOverOn =
        [ErrorKind.Transient, ErrorKind.Capacity, ErrorKind.ModelUnavailable, ErrorKind.Unauthorized, ErrorKind.Rejected];

    private static readonly Uri OpenAIEndpoint = new("https://api.openai.com/v1");
    private static readonly Uri AnthropicEndpoint = new("https://api.anthropic.com");

    private readonly ImmutableHashSet<ErrorKind> _fallOverOn;
    private readonly ImmutableArray<string> _neverDowngrade;
    private readonly IReadOnlyDictionary<string, int> _shorthandWindows;

    public ModelCatalog(ModelOptions options)
    {
        _fallOverOn = options.FallOverOn.Count > 0 ? [.. options.FallOverOn] : DefaultFallOverOn;
        _neverDowngrade = [.. options.NeverDowngrade.Where(route => !string.IsNullOrWhiteSpace(route))];
        _shorthandWindows = options.ContextLengths;
        Providers = options.Providers.ToImmutableDictionary(pair => pair.Key, pair => Provider(pair.Key, pair.Value, options), StringComparer.OrdinalIgnoreCase);
        if (options.Chain.Count > 0)
        {
            Chain = [.. options.Chain.Select(entry => new ModelLink(
                Providers.TryGetValue(entry.Provider, out var provider) ? provider.Name : entry.Provider,
                entry.Model,
                entry.ContextLength,
                entry.FallOverOn.Count > 0 ? [.. entry.FallOverOn] : _fallOverOn))];
            return;
        }

        // The shorthand: one OpenAI-compatible endpoint, its key, a primary and fallbacks, each a model id or provider:model.
        Providers = Providers.SetItem(ModelOptions.ShorthandProvider, new ModelProvider
        {
            Name = ModelOptions.ShorthandProvider,
            Kind = ModelProviderKind.OpenAI,
            BaseUrl = options.BaseUrl,
            Keys = string.IsNullOrWhiteSpace(options.ApiKey) ? [] : [options.ApiKey],
            MaxRetries = options.MaxRetries,
            RetryBaseDelay = options.RetryBaseDelay,
            MaxRetryDelay = options.MaxRetryDelay,
            RequestTimeout = options.RequestTimeout,
        });
        Chain = string.IsNullOrWhiteSpace(options.Primary)
            ? []
            : [.. options.Fallbacks.Prepend(options.Primary).Where(model => !string.IsNullOrWhiteSpace(model)).Select(model => Link(model, ModelOptions.ShorthandProvider))];
    }

    public ImmutableDictionary<string, ModelProvider> Providers { get; }

    /// <summary>The configured chain, primary first; empty when no model is configured.</summary>
    public ImmutableArray<ModelLink> Chain { get; }

    /// <summary>
    /// The model a name stands for: <c>provider:model</c> when the part before the first colon names a provider, else a
    /// model id (which may hold colons itself, as Ollama's <c>qwen3:8b</c>) at <paramref name="defaultProvider"/>.
    /// </summary>
    public ModelLink Link(string name, string defaultProvider)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        var (provider, model) = colon > 0 && Providers.TryGetValue(name[..colon], out var named)
            ? (named.Name, name[(colon + 1)..])
            : (defaultProvider, name);
        var configured = Chain.IsDefault ? null : Chain.FirstOrDefault(link => link.Provider == provider && link.Model == model);
        // The shorthand names each model's window apart (Hermes:Model:ContextLengths:{model}); a chain entry carries its own.
        return configured ?? new ModelLink(
            provider, model, provider == ModelOptions.ShorthandProvider && _shorthandWindows.TryGetValue(model, out var window) ? window : null, _fallOverOn);
    }

    /// <summary>
    /// The chain a session runs: its own primary first when it chose one (<c>/model</c>), then the configured models after
    /// it; only the primary when the session's route never downgrades (<see cref="NeverDowngrades"/>).
    /// </summary>
    public ImmutableArray<ModelLink> ChainFor(string? modelOverride, bool neverDowngrade)
    {
        var chain = Chain;
        if (!string.IsNullOrWhiteSpace(modelOverride))
        {
            var primary = Link(modelOverride, chain.IsEmpty ? ModelOptions.ShorthandProvider : chain[0].Provider);
            chain = [primary, .. chain.Where(link => link.Name != primary.Name)];
        }

        return !chain.IsEmpty && neverDowngrade ? [chain[0]] : chain.Distinct().ToImmutableArray();
    }

    /// <summary>True when <paramref name="sessionKey"/> is one of the never-downgrade routes.</summary>
    public bool NeverDowngrades(string? sessionKey) => sessionKey is not null && _neverDowngrade.Any(route =>
        route == "*" ||
        route.EndsWith('*') && sessionKey.StartsWith(route[..^1], StringComparison.OrdinalIgnoreCase) ||
        route.EndsWith(':') && sessionKey.StartsWith(route, StringComparison.OrdinalIgnoreCase) ||
        sessionKey.Equals(route, StringComparison.OrdinalIgnoreCase));

    private static ModelProvider Provider(string name, ModelProviderOptions provider, ModelOptions defaults)
    {
        string?[] keys = [provider.ApiKey, .. provider.Keys];
        var pool = keys.Where(key => !string.IsNullOrWhiteSpace(key)).Select(key => key!.Trim()).Distinct(StringComparer.Ordinal).ToImmutableArray();
        if (pool.IsEmpty && !string.IsNullOrWhiteSpace(provider.ApiKeyVariable) && Environment.GetEnvironmentVariable(provider.ApiKeyVariable) is { Length: > 0 } fromEnvironment)
        {
            pool = [fromEnvironment];
        }

        return new ModelProvider
        {
            Name = name,
            Kind = provider.Kind,
            BaseUrl = provider.BaseUrl ?? (provider.Kind == ModelProviderKind.Anthropic ? AnthropicEndpoint : OpenAIEndpoint),
            Keys = pool,
            Headers = provider.Headers.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase),
            MaxOutputTokens = provider.MaxOutputTokens,
            PromptCaching = provider.PromptCaching,
            MaxRetries = provider.MaxRetries ?? defaults.MaxRetries,
            RetryBaseDelay = provider.RetryBaseDelay ?? defaults.RetryBaseDelay,
            MaxRetryDelay = provider.MaxRetryDelay ?? defaults.MaxRetryDelay,
            RequestTimeout = provider.RequestTimeout ?? defaults.RequestTimeout,
        };
    }
}
