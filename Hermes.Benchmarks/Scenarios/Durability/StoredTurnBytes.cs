using Microsoft.Data.Sqlite;

namespace Hermes.Benchmarks.Scenarios.Durability;

/// <summary>What the local store wrote for a session's latest turn, read from the SQLite file's rows.</summary>
internal static class StoredTurnBytes
{
    /// <summary>The session's stored state: Orleans' ADO.NET provider rewrites its whole row on every turn.</summary>
    public static async Task<long> OfLatestTurnAsync(string database, string sessionKey)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT length(PayloadBinary) FROM OrleansStorage WHERE GrainTypeString = 'session' AND GrainIdExtensionString LIKE '%' || $key || '%'";
        command.Parameters.AddWithValue("$key", sessionKey);
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }
}
