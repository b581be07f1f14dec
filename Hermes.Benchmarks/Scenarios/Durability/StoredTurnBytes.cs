using Microsoft.Data.Sqlite;

namespace Hermes.Benchmarks.Scenarios.Durability;

/// <summary>What the local store wrote for one turn of a session, read from the SQLite file's rows.</summary>
internal static class StoredTurnBytes
{
    /// <summary>Runs <paramref name="turn"/>; returns the bytes of the session's head (rewritten by every write) and of the entries the turn added.</summary>
    public static async Task<long> OfTurnAsync(string database, string sessionKey, Func<Task> turn)
    {
        var before = await EntriesAsync(database, sessionKey);
        await turn();
        var after = await EntriesAsync(database, sessionKey);
        var added = after.Where(entry => !before.ContainsKey(entry.Key)).Sum(entry => entry.Value);
        return await ScalarAsync(database, sessionKey, "SELECT length(Payload) FROM HermesStateHead WHERE StateKey LIKE '%/session/' || $key || '/%'") + added;
    }

    private static async Task<Dictionary<(long List, long Sequence), long>> EntriesAsync(string database, string sessionKey)
    {
        await using var connection = await OpenAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT List, Sequence, length(Payload) FROM HermesStateEntry WHERE StateKey LIKE '%/session/' || $key || '/%'";
        command.Parameters.AddWithValue("$key", sessionKey);
        await using var reader = await command.ExecuteReaderAsync();
        Dictionary<(long, long), long> entries = [];
        while (await reader.ReadAsync())
        {
            entries[(reader.GetInt64(0), reader.GetInt64(1))] = reader.GetInt64(2);
        }

        return entries;
    }

    private static async Task<long> ScalarAsync(string database, string sessionKey, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", sessionKey);
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }

    private static async Task<SqliteConnection> OpenAsync(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }
}
