using Microsoft.Extensions.Options;

namespace Hermes.Grains.Models;

/// <summary>The silo's current <see cref="ModelCatalog"/>, read again only when the <c>Hermes:Model</c> options change.</summary>
public sealed class ModelCatalogMonitor(IOptionsMonitor<ModelOptions> options)
{
    private (ModelOptions Options, ModelCatalog Catalog)? _current;

    public ModelCatalog Current
    {
        get
        {
            var latest = options.CurrentValue;
            var current = _current;
            if (current is { } known && ReferenceEquals(known.Options, latest))
            {
                return known.Catalog;
            }

            var catalog = new ModelCatalog(latest);
            _current = (latest, catalog);
            return catalog;
        }
    }
}
