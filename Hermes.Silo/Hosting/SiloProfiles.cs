using Hermes.Grains.Sessions;
using Hermes.ServiceDefaults.Clustering;
using Hermes.ServiceDefaults.Configuration;
using Hermes.Silo.Schedules;
using Hermes.Silo.Storage;

namespace Hermes.Silo.Hosting;

/// <summary>
/// The hosting profiles of DESIGN §4 as defaults of the <c>Orleans</c> section, which Orleans reads itself. Whatever
/// the operator sets there wins, key by key; the defaults only fill what is left out:
/// <list type="bullet">
/// <item><b>Local</b> (no clustering provider chosen): one silo on loopback through development clustering, sessions in a
/// SQLite file under <c>Hermes:Local:DataFolder</c> through Hermes' own store (<see cref="SqliteStateStore"/>).</item>
/// <item><b>Cluster</b> (clustering through Redis): sessions in the same Redis through Hermes' own store
/// (<see cref="RedisStateStore"/>), unless a session store is configured.</item>
/// </list>
/// </summary>
public static class SiloProfiles
{
    /// <summary>Folder of the local profile's <c>sessions.db</c>; Hermes' own key, since Orleans has no notion of it.</summary>
    public const string DataFolderKey = "Hermes:Local:DataFolder";

    public const string DevelopmentClustering = "Development";

    public static string DefaultDataFolder { get; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "hermes");

    public static string SessionStorageSection => $"Orleans:GrainStorage:{SessionStorage.ProviderName}";

    // Clustering providers whose Redis also stores the sessions, reached by the same keys.
    private static readonly string[] StoresGrainsToo = ["Redis", "AzureRedisCache"];

    // What a Redis provider section says about where Redis is.
    private static readonly string[] ConnectionKeys = ["ConnectionString", "ConnectionName", "ServiceKey"];

    /// <exception cref="InvalidOperationException">A clustering provider was chosen whose silos would have no session store to share.</exception>
    public static void AddDefaults(IConfigurationManager configuration)
    {
        var defaults = OrleansDefaults.Identity();
        var clustering = configuration[OrleansDefaults.ClusteringProviderKey];
        if (string.IsNullOrEmpty(clustering))
        {
            clustering = DevelopmentClustering;
            defaults[OrleansDefaults.ClusteringProviderKey] = clustering;

            // One machine: reachable on loopback only, whatever addresses the machine has.
            defaults["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1";
        }

        if (!configuration.GetSection(SessionStorageSection).Exists())
        {
            AddSessionStoreDefaults(configuration, clustering, defaults);
        }

        ReminderProfiles.AddDefaults(configuration, defaults);

        configuration.AddBeneath(defaults);
    }

    private static void AddSessionStoreDefaults(IConfiguration configuration, string clustering, Dictionary<string, string?> defaults)
    {
        if (string.Equals(clustering, DevelopmentClustering, StringComparison.OrdinalIgnoreCase))
        {
            var dataFolder = configuration[DataFolderKey] is { Length: > 0 } folder ? folder : DefaultDataFolder;
            defaults[$"{SessionStorageSection}:ProviderType"] = SqliteStateStoreProviderBuilder.ProviderType;
            defaults[$"{SessionStorageSection}:ConnectionString"] = SqliteSessionStorage.ConnectionString(Path.Combine(dataFolder, "sessions.db"));
        }
        else if (StoresGrainsToo.Contains(clustering, StringComparer.OrdinalIgnoreCase))
        {
            defaults[$"{SessionStorageSection}:ProviderType"] = RedisStateStoreProviderBuilder.ProviderType;
            foreach (var key in ConnectionKeys)
            {
                if (configuration[$"Orleans:Clustering:{key}"] is { } value)
                {
                    defaults[$"{SessionStorageSection}:{key}"] = value;
                }
            }
        }
        else
        {
            // A SQLite file per silo is no store for a cluster: never guess one.
            throw new InvalidOperationException(
                $"{OrleansDefaults.ClusteringProviderKey} is {clustering}, but no session store is configured that the silos share. " +
                $"Set {SessionStorageSection}:ProviderType and its connection (environment variables Orleans__GrainStorage__{SessionStorage.ProviderName}__ProviderType, …).");
        }
    }
}
