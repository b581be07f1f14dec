using Hermes.Silo.Storage;
using Microsoft.Extensions.Logging;

namespace Hermes.Silo.Schedules;

/// <summary>Applies <c>sqlite-reminders.sql</c> when the reminders live in SQLite, after the session schema and before the reminder table reads its queries.</summary>
public sealed partial class SqliteReminderSchema(string connectionString, ILogger<SqliteReminderSchema> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public const string Script = "Hermes.Silo.Schedules.sqlite-reminders.sql";

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SqliteReminderSchema), ServiceLifecycleStage.RuntimeInitialize + 1, ApplyAsync);

    /// <summary>Registers the schema when the <c>Orleans:Reminders</c> section makes the reminder table a SQLite database.</summary>
    public static ISiloBuilder AddWhenConfigured(ISiloBuilder silo, IConfiguration configuration)
    {
        var reminders = configuration.GetSection(ReminderProfiles.Section);
        if (!string.Equals(reminders["Invariant"], SqliteSchema.Invariant, StringComparison.OrdinalIgnoreCase))
        {
            return silo;
        }

        var connectionString = reminders["ConnectionString"] is { Length: > 0 } given ? given : configuration.GetConnectionString(reminders["ConnectionName"] ?? string.Empty);
        if (connectionString is { Length: > 0 })
        {
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services =>
                new SqliteReminderSchema(connectionString, services.GetRequiredService<ILogger<SqliteReminderSchema>>()));
        }

        return silo;
    }

    private async Task ApplyAsync(CancellationToken cancellationToken) => LogSchemaApplied(await SqliteSchema.ApplyAsync(connectionString, Script, cancellationToken));

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite reminder table ready ({Changes} schema changes)")]
    private partial void LogSchemaApplied(long changes);
}
