using Hermes.Grains.Sessions;
using Hermes.Grains.Storage;
using Hermes.Silo.Hosting;
using Microsoft.Data.Sqlite;
using Orleans.Configuration;
using Orleans.Storage;

namespace Hermes.Silo.Storage;

/// <summary>Sessions in a SQLite file through Hermes' own store (<see cref="SqliteStateStore"/>), with our schema applied at start.</summary>
public static class SqliteSessionStorage
{
    public static string ConnectionString(string databasePath) =>
        new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();

    /// <summary>
    /// Applies our schema to the session store when the <c>Orleans</c> section makes it Orleans' ADO.NET provider on a
    /// SQLite database; Orleans itself registers that store from the section.
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
    public static ISiloBuilder UseSqliteSessionStore(this ISiloBuilder silo, string databasePath) =>
        silo.AddSqliteStateStore(SessionStorage.ProviderName, ConnectionString(databasePath));

    /// <summary>
    /// Registers grain storage <paramref name="name"/> in Hermes' SQLite store. A state it does not hold yet is looked for
    /// where Orleans' ADO.NET provider kept it before (table <c>OrleansStorage</c> of the same file), and moves over on its next write.
    /// </summary>
    public static ISiloBuilder AddSqliteStateStore(this ISiloBuilder silo, string name, string connectionString)
    {
        var earlier = $"{name}-adonet";
        silo.AddAdoNetGrainStorage(earlier, options =>
        {
            options.Invariant = SqliteSchema.Invariant;
            options.ConnectionString = connectionString;
        });
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(earlier).Configure<IServiceProvider>((options, services) =>
            options.GrainStorageSerializer = services.GetKeyedService<IGrainStorageSerializer>(name) ?? options.GrainStorageSerializer);
        return silo.AddSqliteSchema(connectionString).AddAppendOnlyGrainStorage(
            name, services => new SqliteStateStore(connectionString, services.GetRequiredService<StorageMetrics>()), earlier, () => HasEarlierStates(connectionString));
    }

    // Asked once, when the storage is first used (after the schema was applied): a file with no earlier states costs no lookups there.
    private static bool HasEarlierStates(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM OrleansStorage)";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    private static ISiloBuilder AddSqliteSchema(this ISiloBuilder silo, string connectionString)
    {
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services =>
            new SqliteSchemaInitializer(connectionString, services.GetRequiredService<ILogger<SqliteSchemaInitializer>>()));
        return silo;
    }
}
