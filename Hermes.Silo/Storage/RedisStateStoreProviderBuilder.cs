using Hermes.Grains.Storage;
using Hermes.Silo.Storage;
using Orleans.Providers;
using StackExchange.Redis;

[assembly: RegisterProvider(RedisStateStoreProviderBuilder.ProviderType, "GrainStorage", "Silo", typeof(RedisStateStoreProviderBuilder))]

namespace Hermes.Silo.Storage;

/// <summary>
/// Lets the <c>Orleans</c> configuration section choose Hermes' Redis store: <c>Orleans:GrainStorage:{name}:ProviderType</c>
/// = <c>HermesRedis</c> with a <c>ConnectionString</c>, a <c>ConnectionName</c> among the connection strings, or the
/// <c>ServiceKey</c> of a registered <see cref="IConnectionMultiplexer"/>.
/// </summary>
public sealed class RedisStateStoreProviderBuilder : IProviderBuilder<ISiloBuilder>
{
    public const string ProviderType = "HermesRedis";

    public void Configure(ISiloBuilder builder, string? name, IConfigurationSection configurationSection)
    {
        var serviceKey = configurationSection["ServiceKey"];
        var connectionString = configurationSection["ConnectionString"] is { Length: > 0 } given
            ? given
            : builder.Configuration.GetConnectionString(configurationSection["ConnectionName"] ?? string.Empty);
        if (serviceKey is null && string.IsNullOrEmpty(connectionString))
        {
            throw new InvalidOperationException($"{configurationSection.Path} chooses {ProviderType} but gives no ConnectionString, ConnectionName or ServiceKey.");
        }

        builder.AddAppendOnlyGrainStorage(name ?? "Default", services => serviceKey is not null
            ? new RedisStateStore(() => Task.FromResult(services.GetRequiredKeyedService<IConnectionMultiplexer>(serviceKey)), services.GetRequiredService<StorageMetrics>(), ownsConnection: false)
            : new RedisStateStore(async () => await ConnectionMultiplexer.ConnectAsync(connectionString!), services.GetRequiredService<StorageMetrics>(), ownsConnection: true));
    }
}
