using Hermes.ServiceDefaults.Clustering;
using Hermes.Silo.Hosting;
using Hermes.Silo.Storage;

namespace Hermes.Silo.Schedules;

/// <summary>
/// Where schedules' reminders live when the <c>Orleans:Reminders</c> section names no provider: in the session store.
/// The local profile keeps them in its SQLite file (through Orleans' ADO.NET reminder provider and our schema); the
/// cluster profile in its Redis. Any other store is the operator's to name, as Orleans documents.
/// </summary>
public static class ReminderProfiles
{
    public const string Section = "Orleans:Reminders";

    // What a Redis provider section says about where Redis is.
    private static readonly string[] ConnectionKeys = ["ConnectionString", "ConnectionName", "ServiceKey"];

    /// <param name="configuration">The host's configuration.</param>
    /// <param name="defaults">The defaults the profile adds beneath it, session store included.</param>
    public static void AddDefaults(IConfiguration configuration, Dictionary<string, string?> defaults)
    {
        if (configuration.GetSection(Section).Exists())
        {
            return;
        }

        string? Store(string key) => configuration[$"{SiloProfiles.SessionStorageSection}:{key}"] ?? defaults.GetValueOrDefault($"{SiloProfiles.SessionStorageSection}:{key}");
        if (string.Equals(Store("ProviderType"), SqliteStateStoreProviderBuilder.ProviderType, StringComparison.OrdinalIgnoreCase)
            || string.Equals(Store("Invariant"), SqliteSchema.Invariant, StringComparison.OrdinalIgnoreCase))
        {
            defaults[$"{Section}:ProviderType"] = "AdoNet";
            defaults[$"{Section}:Invariant"] = SqliteSchema.Invariant;
            defaults[$"{Section}:ConnectionString"] = Store("ConnectionString");
            defaults[$"{Section}:ConnectionName"] = Store("ConnectionName");
        }
        else if (string.Equals(Store("ProviderType"), "Redis", StringComparison.OrdinalIgnoreCase)
            || string.Equals(Store("ProviderType"), RedisStateStoreProviderBuilder.ProviderType, StringComparison.OrdinalIgnoreCase)
            || string.Equals(configuration[OrleansDefaults.ClusteringProviderKey], "Redis", StringComparison.OrdinalIgnoreCase))
        {
            defaults[$"{Section}:ProviderType"] = "Redis";
            foreach (var key in ConnectionKeys)
            {
                defaults[$"{Section}:{key}"] = Store(key) ?? configuration[$"Orleans:Clustering:{key}"];
            }
        }
    }
}
