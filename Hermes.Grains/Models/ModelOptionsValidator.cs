using Microsoft.Extensions.Options;

namespace Hermes.Grains.Models;

/// <summary>
/// Refuses, at start, a model configuration that could only fail later: a chain model naming no configured provider, a
/// provider name that <c>provider:model</c> could not be read back from, a relative base URL.
/// </summary>
public sealed class ModelOptionsValidator : IValidateOptions<ModelOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelOptions options)
    {
        var failures = new List<string>();
        foreach (var (provider, settings) in options.Providers)
        {
            if (provider.Contains(':', StringComparison.Ordinal) || provider.Any(char.IsWhiteSpace))
            {
                failures.Add($"Hermes:Model:Providers:{provider}: a provider's name may hold no ':' and no space (models are named provider:model).");
            }

            if (settings.BaseUrl is { IsAbsoluteUri: false })
            {
                failures.Add($"Hermes:Model:Providers:{provider}:BaseUrl must be an absolute URL.");
            }
        }

        for (var i = 0; i < options.Chain.Count; i++)
        {
            var entry = options.Chain[i];
            if (string.IsNullOrWhiteSpace(entry.Model))
            {
                failures.Add($"Hermes:Model:Chain:{i}:Model is empty.");
            }

            if (!options.Providers.ContainsKey(entry.Provider))
            {
                failures.Add($"Hermes:Model:Chain:{i}:Provider '{entry.Provider}' is not one of Hermes:Model:Providers ({string.Join(", ", options.Providers.Keys)}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
