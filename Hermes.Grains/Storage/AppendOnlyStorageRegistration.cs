using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hermes.Grains.Storage;

public static class AppendOnlyStorageRegistration
{
    /// <summary>Registers an <see cref="AppendOnlyGrainStorage"/> named <paramref name="name"/> over the store <paramref name="store"/> builds.</summary>
    /// <param name="earlier">Grain storage that held these states before, read for a state the store does not hold yet.</param>
    /// <param name="earlierHasStates">Asked once, when the storage is built: whether <paramref name="earlier"/> holds anything worth looking up.</param>
    /// <remarks>The store is created once, with the storage, and disposed with the silo's services.</remarks>
    public static ISiloBuilder AddAppendOnlyGrainStorage<TStore>(this ISiloBuilder silo, string name, Func<IServiceProvider, TStore> store, string? earlier = null, Func<bool>? earlierHasStates = null)
        where TStore : class, IStateStore
    {
        silo.Services.AddMetrics();
        silo.Services.TryAddSingleton<StorageMetrics>();
        silo.Services.AddKeyedSingleton(name, (services, _) => store(services));
        silo.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) => new AppendOnlyGrainStorage(
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            services.GetRequiredKeyedService<TStore>(name),
            services.GetKeyedService<IGrainStorageSerializer>(name) ?? new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()),
            earlier is not null && (earlierHasStates?.Invoke() ?? true) ? services.GetRequiredKeyedService<IGrainStorage>(earlier) : null));
        return silo;
    }
}
