using Hermes.Grains.Storage;
using Hermes.Silo.Storage;
using Orleans.Providers;

[assembly: RegisterProvider(SqliteStateStoreProviderBuilder.ProviderType, "GrainStorage", "Silo", typeof(SqliteStateStoreProviderBuilder))]

namespace Hermes.Silo.Storage;

/// <summary>
/// Lets the <c>Orleans</c> configuration section choose Hermes' SQLite store: <c>Orleans:GrainStorage:{name}:ProviderType</c>
/// = <c>HermesSqlite</c> with a <c>ConnectionString</c> (or a <c>ConnectionName</c> among the connection strings).
/// </summary>
public sealed class SqliteStateStoreProviderBuilder : IProviderBuilder<ISiloBuilder>
{
    public const string ProviderType = "HermesSqlite";

    public void Configure(ISiloBuilder builder, string? name, IConfigurationSection configurationSection)
    {
        var connectionString = configurationSection["ConnectionString"] is { Length: > 0 } given
            ? given
            : builder.Configuration.GetConnectionString(configurationSection["ConnectionName"] ?? string.Empty)
              ?? throw new InvalidOperationException($"{configurationSection.Path} chooses {ProviderType} but gives no ConnectionString or ConnectionName.");
        builder.AddSqliteStateStore(name ?? "Default", connectionString);
    }
}
