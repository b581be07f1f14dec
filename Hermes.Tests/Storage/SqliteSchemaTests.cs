using Hermes.Silo.Storage;
using Hermes.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Hermes.Tests.Storage;

public sealed class SqliteSchemaTests
{
    [Fact]
    public async Task The_schema_creates_the_file_in_wal_mode_and_a_second_application_changes_nothing()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "nested", "sessions.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();

        var first = await SqliteSchema.ApplyAsync(connectionString, CancellationToken.None);
        var second = await SqliteSchema.ApplyAsync(connectionString, CancellationToken.None);

        Assert.True(File.Exists(path));
        Assert.Equal((3L, 0L), (first, second));
        var store = new SqliteSessionStore(path);
        Assert.Equal("wal", await store.ScalarAsync("PRAGMA journal_mode"));
        Assert.Equal("3", await store.ScalarAsync("SELECT count(*) FROM OrleansQuery WHERE QueryKey IN ('ReadFromStorageKey', 'WriteToStorageKey', 'ClearStorageKey')"));
    }
}
