using Hermes.Silo.Storage;
using Microsoft.Data.Sqlite;

namespace Hermes.Tests.Infrastructure;

/// <summary>A SQLite session store file, as the local profile keeps it, with a way to look at its rows from outside.</summary>
public sealed class SqliteSessionStore(string path)
{
    public string Path { get; } = path;

    public void Configure(ISiloBuilder silo) => silo.UseSqliteSessionStore(Path);

    /// <summary>The size of the stored head (the state without its lists) and the version of the one session whose key contains <paramref name="sessionKey"/>.</summary>
    public async Task<(long HeadBytes, long Version)> SessionRowAsync(string sessionKey)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT length(Payload), Version FROM HermesStateHead WHERE {SessionKeyMatches}";
        command.Parameters.AddWithValue("$key", sessionKey);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no stored head for session {sessionKey}");
        var row = (reader.GetInt64(0), reader.GetInt64(1));
        Assert.False(await reader.ReadAsync(), $"more than one stored head for session {sessionKey}");
        return row;
    }

    /// <summary>The stored head of the one session whose key contains <paramref name="sessionKey"/>.</summary>
    public async Task<byte[]> SessionPayloadAsync(string sessionKey)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT Payload FROM HermesStateHead WHERE {SessionKeyMatches}";
        command.Parameters.AddWithValue("$key", sessionKey);
        return (byte[])(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"no stored head for session {sessionKey}"));
    }

    /// <summary>The stored entries of one list of the session (0: transcript, 1: delivered results), in order.</summary>
    public async Task<IReadOnlyList<(long Sequence, byte[] Payload)>> SessionEntriesAsync(string sessionKey, int list)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT Sequence, Payload FROM HermesStateEntry WHERE List = $list AND {SessionKeyMatches} ORDER BY Sequence";
        command.Parameters.AddWithValue("$key", sessionKey);
        command.Parameters.AddWithValue("$list", list);
        await using var reader = await command.ExecuteReaderAsync();
        List<(long, byte[])> entries = [];
        while (await reader.ReadAsync())
        {
            entries.Add((reader.GetInt64(0), (byte[])reader[1]));
        }

        return entries;
    }

    /// <summary>Bumps a session's version behind Orleans' back, as a newer activation elsewhere would.</summary>
    public async Task BumpVersionAsync(string sessionKey)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE HermesStateHead SET Version = Version + 1 WHERE {SessionKeyMatches}";
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

    // Keys read "{serviceId}/session/{session key}/{state name}".
    private const string SessionKeyMatches = "StateKey LIKE '%/session/' || $key || '/session'";

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }
}
