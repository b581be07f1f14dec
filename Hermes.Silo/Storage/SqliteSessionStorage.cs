using Hermes.Grains.Sessions;
using Hermes.Silo.Hosting;
using Microsoft.Data.Sqlite;

namespace Hermes.Silo.Storage;

/// <summary>Sessions in a SQLite file through Orleans' ADO.NET provider, with our schema applied at start.</summary>
public static class SqliteSessionStorage
{
    public static string ConnectionString(string databasePath) =>
        new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();

    /// <summary>
    /// Applies our schema to the session store when the <c>Orleans</c> section makes it a SQLite database (as the local
    /// profile does); Orleans itself registers the store from that section.
    /// </summary>
    public static ISiloBuilder AddSqliteSchemaWhenConfigured(this ISiloBuilder silo, IConfiguration configuration)
    {
        var store = configuration.GetSection(SiloProfiles.SessionStorageSection);
        if (!string.Equals(store["Invariant"], SqliteSchema.Invariant, StringComparison.OrdinalIgnoreCase))
        {
            return silo;
        }

        var connectionString = store["ConnectionString"] is { Length: > 0 } given ? given : configuration.GetConnectionString(store["ConnectionName"] ?? string.Empty);
        return connectionString is { Length: > 0 } ? silo.AddSqliteSchema(connectionString) : silo;
    }

    /// <summary>The same store configured in code, for hosts that build their silo without the <c>Orleans</c> section (test clusters).</summary>
    public static ISiloBuilder UseSqliteSessionStore(this ISiloBuilder silo, string databasePath)
    {
        var connectionString = ConnectionString(databasePath);
        return silo.AddSqliteSchema(connectionString).AddAdoNetGrainStorage(SessionStorage.ProviderName, options =>
        {
            options.Invariant = SqliteSchema.Invariant;
            options.ConnectionString = connectionString;
        });
    }

    private static ISiloBuilder AddSqliteSchema(this ISiloBuilder silo, string connectionString)
    {
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services =>
            new SqliteSchemaInitializer(connectionString, services.GetRequiredService<ILogger<SqliteSchemaInitializer>>()));
        return silo;
    }
}
