using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Hermes.Client.Api.Models;

/// <summary>
/// The models the API names: its alias and the configured model chain, read from the API host's own configuration
/// (<c>Hermes:Model:Primary</c> and <c>Hermes:Model:Fallbacks</c>, as the silo reads them). The one place that knows
/// where the chain is configured.
/// </summary>
public sealed class ModelCatalog(IConfiguration configuration, IOptionsMonitor<ApiOptions> options)
{
    private const string Section = "Hermes:Model";

    public string Alias => options.CurrentValue.ModelName;

    /// <summary>The alias first, then the chain's models in order, each once.</summary>
    public IReadOnlyList<string> Models
    {
        get
        {
            var model = configuration.GetSection(Section);
            IEnumerable<string?> chain = [model["Primary"], .. model.GetSection("Fallbacks").GetChildren().Select(fallback => fallback.Value)];
            return [.. new[] { Alias }.Concat(chain.OfType<string>().Where(name => name.Length > 0)).Distinct(StringComparer.Ordinal)];
        }
    }

    public bool Serves(string model) => Models.Contains(model, StringComparer.Ordinal);
}
