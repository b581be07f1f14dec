using Hermes.Grains.Storage;
using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace Hermes.Silo.Storage;

/// <summary>The prepared statements of <see cref="SqliteStateStore"/>'s writer, and how one write applies them inside its batch's transaction.</summary>
internal sealed class SqliteStatements(SqliteConnection connection)
{
    private readonly SqliteCommand _insertHead = Command(connection,
        "INSERT INTO HermesStateHead (StateKey, Version, Payload) VALUES ($key, 1, $payload) ON CONFLICT (StateKey) DO NOTHING", "$key", "$payload");

    private readonly SqliteCommand _updateHead = Command(connection,
        "UPDATE HermesStateHead SET Version = Version + 1, Payload = $payload WHERE StateKey = $key AND Version = $version", "$key", "$payload", "$version");

    private readonly SqliteCommand _deleteHead = Command(connection,
        "DELETE FROM HermesStateHead WHERE StateKey = $key AND Version = $version", "$key", "$version");

    private readonly SqliteCommand _storedVersion = Command(connection,
        "SELECT Version FROM HermesStateHead WHERE StateKey = $key", "$key");

    private readonly SqliteCommand _trim = Command(connection,
        "DELETE FROM HermesStateEntry WHERE StateKey = $key AND List = $list AND (Sequence < $keepFrom OR Sequence >= $appendAt)", "$key", "$list", "$keepFrom", "$appendAt");

    private readonly SqliteCommand _deleteEntries = Command(connection,
        "DELETE FROM HermesStateEntry WHERE StateKey = $key", "$key");

    private readonly SqliteCommand _append = Command(connection,
        "INSERT INTO HermesStateEntry (StateKey, List, Sequence, Payload) VALUES ($key, $list, $sequence, $payload)", "$key", "$list", "$sequence", "$payload");

    public void Enlist(SqliteTransaction transaction)
    {
        foreach (var command in new[] { _insertHead, _updateHead, _deleteHead, _storedVersion, _trim, _deleteEntries, _append })
        {
            command.Transaction = transaction;
        }
    }

    /// <returns>The new version, or the <see cref="InconsistentStateException"/> that refuses the write (nothing of it applied).</returns>
    public object Apply(StateWrite write)
    {
        var written = write.ExpectedVersion is { } expected
            ? Run(_updateHead, write.Key, write.Head, expected)
            : Run(_insertHead, write.Key, write.Head);
        if (written == 0)
        {
            return Conflict(write.Key, write.ExpectedVersion);
        }

        foreach (var edit in write.Edits)
        {
            if (edit.RemovesStored)
            {
                Run(_trim, write.Key, edit.List, edit.KeepFrom, edit.AppendAt);
            }
            for (var i = 0; i < edit.Appended.Count; i++)
            {
                Run(_append, write.Key, edit.List, edit.AppendAt + i, edit.Appended[i]);
            }
        }

        return (write.ExpectedVersion ?? 0) + 1;
    }

    /// <returns>0 once removed, or the <see cref="InconsistentStateException"/> that refuses it.</returns>
    public object Clear(StateWrite write)
    {
        if (write.ExpectedVersion is { } expected && Run(_deleteHead, write.Key, expected) == 0)
        {
            return Conflict(write.Key, expected);
        }

        Run(_deleteEntries, write.Key);
        return 0L;
    }

    private InconsistentStateException Conflict(string key, long? expected)
    {
        _storedVersion.Parameters[0].Value = key;
        var stored = _storedVersion.ExecuteScalar();
        return new InconsistentStateException(
            $"Another activation wrote state {key} since this one read it (expected version {expected?.ToString() ?? "none"}).",
            stored?.ToString() ?? "none", expected?.ToString() ?? "none");
    }

    private static int Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        return command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
