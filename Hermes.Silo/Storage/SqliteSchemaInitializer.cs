using Microsoft.Extensions.Logging;

namespace Hermes.Silo.Storage;

/// <summary>Applies the SQLite schema early in the silo's start, before the grain storage reads its queries.</summary>
public sealed partial class SqliteSchemaInitializer(string connectionString, ILogger<SqliteSchemaInitializer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SqliteSchemaInitializer), ServiceLifecycleStage.RuntimeInitialize, ApplyAsync);

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        var changes = await SqliteSchema.ApplyAsync(connectionString, cancellationToken);
        LogSchemaApplied(changes);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite session store ready ({Changes} schema changes)")]
    private partial void LogSchemaApplied(long changes);
}
