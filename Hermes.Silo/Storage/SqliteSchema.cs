using Microsoft.Data.Sqlite;

namespace Hermes.Silo.Storage;

/// <summary>Applies <c>sqlite-schema.sql</c>, our schema for Orleans' ADO.NET grain storage, to a SQLite file.</summary>
public static class SqliteSchema
{
    /// <summary>The invariant Orleans maps to Microsoft.Data.Sqlite (the package's own name is not accepted).</summary>
    public const string Invariant = "System.Data.SQLite";

    /// <summary>Creates the file and its folder when missing and brings the schema up to date.</summary>
    /// <returns>Rows the script changed: 0 on a database that already had the schema.</returns>
    public static Task<long> ApplyAsync(string connectionString, CancellationToken cancellationToken) =>
        ApplyAsync(connectionString, "Hermes.Silo.Storage.sqlite-schema.sql", cancellationToken);

    /// <summary>Applies another embedded script of this assembly the same way (the reminder table's, for one).</summary>
    public static async Task<long> ApplyAsync(string connectionString, string scriptName, CancellationToken cancellationToken)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (Path.GetDirectoryName(Path.GetFullPath(dataSource)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var script = connection.CreateCommand();
        script.CommandText = await ReadScriptAsync(scriptName, cancellationToken);
        await script.ExecuteNonQueryAsync(cancellationToken);

        await using var changes = connection.CreateCommand();
        changes.CommandText = "SELECT total_changes();";
        return (long)(await changes.ExecuteScalarAsync(cancellationToken) ?? 0L);
    }

    private static async Task<string> ReadScriptAsync(string scriptName, CancellationToken cancellationToken)
    {
        await using var script = typeof(SqliteSchema).Assembly.GetManifestResourceStream(scriptName)
            ?? throw new InvalidOperationException($"The SQLite script {scriptName} is not embedded in Hermes.Silo.");
        using var reader = new StreamReader(script);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
