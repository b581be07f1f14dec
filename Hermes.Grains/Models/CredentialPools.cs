using System.Collections.Concurrent;

namespace Hermes.Grains.Models;

/// <summary>
/// The silo's credential pools, one per provider, shared across sessions so that a key parked or resting for one session
/// is skipped by all. A provider whose keys change (a reload) gets a fresh pool.
/// </summary>
public sealed class CredentialPools(ModelCatalogMonitor catalog, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, CredentialPool> _pools = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The pool of the provider named <paramref name="provider"/> as configured now.</summary>
    /// <exception cref="InvalidOperationException">No provider of that name is configured.</exception>
    public CredentialPool For(string provider)
    {
        var configured = catalog.Current.Providers.GetValueOrDefault(provider)
            ?? throw new InvalidOperationException($"No model provider named '{provider}' is configured (Hermes:Model:Providers).");
        var pool = _pools.GetOrAdd(configured.Name, _ => new CredentialPool(configured, time));
        if (pool.Provider.KeysDigest == configured.KeysDigest)
        {
            return pool;
        }

        var fresh = new CredentialPool(configured, time);
        return _pools.AddOrUpdate(configured.Name, fresh, (_, existing) => existing.Provider.KeysDigest == configured.KeysDigest ? existing : fresh);
    }
}
