using Hermes.Silo.Storage;
using Microsoft.Data.Sqlite;

namespace Hermes.Tests.Infrastructure;

/// <summary>A SQLite session store file, as the local profile keeps it, with a way to look at its rows from outside.</summary>
public sealed class SqliteSessionStore(string path)
{
    public string Path { get; } = path;

    public void Configure(ISiloBuilder silo) => silo.UseSqliteSessionStore(Path);

    /// <summary>The stored payload size and version of the one session grain whose key contains <paramref name="sessionKey"/>.</summary>
    public async Task<(long PayloadBytes, long Version)> SessionRowAsync(string sessionKey)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT length(PayloadBinary), Version FROM OrleansStorage WHERE GrainTypeString = 'session' AND GrainIdExtensionString LIKE '%' || $key || '%'";
        command.Parameters.AddWithValue("$key", sessionKey);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no stored row for session {sessionKey}");
        var row = (reader.GetInt64(0), reader.GetInt64(1));
        Assert.False(await reader.ReadAsync(), $"more than one stored row for session {sessionKey}");
        return row;
    }

    /// <summary>The stored payload of the one session grain whose key contains <paramref name="sessionKey"/>.</summary>
    public async Task<byte[]> SessionPayloadAsync(string sessionKey)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT PayloadBinary FROM OrleansStorage WHERE GrainTypeString = 'session' AND GrainIdExtensionString LIKE '%' || $key || '%'";
        command.Parameters.AddWithValue("$key", sessionKey);
        return (byte[])(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"no stored row for session {sessionKey}"));
    }

    /// <summary>Bumps a session row's version behind Orleans' back, as a newer activation elsewhere would.</summary>
    public async Task BumpVersionAsync(string sessionKey)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE OrleansStorage SET Version = Version + 1 WHERE GrainTypeString = 'session' AND GrainIdExtensionString LIKE '%' || $key || '%'";
        command.Parameters.AddWithValue("$key", sessionKey);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    public async Task<string> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }
}
