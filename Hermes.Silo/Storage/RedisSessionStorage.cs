using Hermes.Grains.Sessions;
using Hermes.Grains.Storage;
using StackExchange.Redis;

namespace Hermes.Silo.Storage;

/// <summary>Sessions in Redis through Hermes' own store (<see cref="RedisStateStore"/>), configured in code.</summary>
public static class RedisSessionStorage
{
    /// <summary>For hosts that build their silo without the <c>Orleans</c> section (test clusters); the cluster profile chooses it there.</summary>
    public static ISiloBuilder UseRedisSessionStore(this ISiloBuilder silo, string connectionString) =>
        silo.AddAppendOnlyGrainStorage(SessionStorage.ProviderName, services =>
            new RedisStateStore(async () => await ConnectionMultiplexer.ConnectAsync(connectionString), services.GetRequiredService<StorageMetrics>(), ownsConnection: true));
}
