namespace Hermes.Tests.Infrastructure;

/// <summary>Settings that name model providers and a chain across them, as an operator writes them under <c>Hermes:Model</c>.</summary>
public static class ProviderSettings
{
    /// <summary>A provider of <paramref name="kind"/> at <paramref name="baseUrl"/> with a pool of <paramref name="keys"/>, and quick retries.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Provider(string name, string kind, Uri baseUrl, params string[] keys)
    {
        yield return new($"Hermes:Model:Providers:{name}:Kind", kind);
        yield return new($"Hermes:Model:Providers:{name}:BaseUrl", baseUrl.ToString());
        yield return new($"Hermes:Model:Providers:{name}:MaxRetries", "1");
        yield return new($"Hermes:Model:Providers:{name}:RetryBaseDelay", "00:00:00.010");
        for (var i = 0; i < keys.Length; i++)
        {
            yield return new($"Hermes:Model:Providers:{name}:Keys:{i}", keys[i]);
        }
    }

    /// <summary>The chain, primary first, each model as <c>provider:model</c>.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Chain(params string[] models)
    {
        for (var i = 0; i < models.Length; i++)
        {
            var colon = models[i].IndexOf(':', StringComparison.Ordinal);
            yield return new($"Hermes:Model:Chain:{i}:Provider", models[i][..colon]);
            yield return new($"Hermes:Model:Chain:{i}:Model", models[i][(colon + 1)..]);
        }
    }
}
