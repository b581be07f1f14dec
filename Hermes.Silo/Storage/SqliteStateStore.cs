using System.Threading.Channels;
using Hermes.Grains.Storage;
using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace Hermes.Silo.Storage;

/// <summary>
/// Grain states in a SQLite file (tables <c>HermesStateHead</c> and <c>HermesStateEntry</c> of <c>sqlite-schema.sql</c>),
/// with group commit: one writer thread takes every write waiting at that moment and commits them in one transaction,
/// so concurrent sessions share one fsync (the WAL with <c>synchronous = FULL</c>), and a write is acknowledged only
/// after its commit. Reads run beside it on pooled connections, as WAL allows, at most <see cref="MaxReadsAtOnce"/> at once.
/// </summary>
public sealed class SqliteStateStore : IStateStore, IAsyncDisposable, IDisposable
{
    /// <summary>The most writes one transaction takes; more wait for the next.</summary>
    public const int MaxBatch = 2_000;

    /// <summary>
    /// Reads that run at once; more wait without a thread. Microsoft.Data.Sqlite runs its "async" calls synchronously, so
    /// thousands of sessions activating at once would otherwise block as many pool threads and starve the silo's timers
    /// and messages (measured: 20,000 new sessions at once).
    /// </summary>
    public static readonly int MaxReadsAtOnce = Math.Max(2, Environment.ProcessorCount);

    private readonly SemaphoreSlim _reading = new(MaxReadsAtOnce, MaxReadsAtOnce);
    private readonly string _connectionString;
    private readonly StorageMetrics _metrics;
    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public SqliteStateStore(string connectionString, StorageMetrics metrics)
    {
        (_connectionString, _metrics) = (connectionString, metrics);
        _writer = Task.Factory.StartNew(WriteBatches, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public async Task<StoredState?> ReadAsync(string key, CancellationToken cancellationToken = default)
    {
        await _reading.WaitAsync(cancellationToken);
        try
        {
            return await ReadNowAsync(key, cancellationToken);
        }
        finally
        {
            _reading.Release();
        }
    }

    private async Task<StoredState?> ReadNowAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var head = connection.CreateCommand();
        head.CommandText = "SELECT Version, Payload FROM HermesStateHead WHERE StateKey = $key";
        head.Parameters.AddWithValue("$key", key);
        long version;
        byte[] payload;
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            (version, payload) = (reader.GetInt64(0), (byte[])reader[1]);
        }

        await using var entries = connection.CreateCommand();
        entries.CommandText = "SELECT List, Sequence, Payload FROM HermesStateEntry WHERE StateKey = $key ORDER BY List, Sequence";
        entries.Parameters.AddWithValue("$key", key);
        List<StoredEntry> stored = [];
        await using (var reader = await entries.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                stored.Add(new StoredEntry(reader.GetInt32(0), reader.GetInt64(1), (byte[])reader[2]));
            }
        }

        return new StoredState(payload, version, stored);
    }

    public Task<long> WriteAsync(StateWrite write) => Enqueue(write);

    public Task ClearAsync(string key, long? expectedVersion) => Enqueue(new StateWrite(key, expectedVersion, [], []), clear: true);

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer;
        _reading.Dispose();
    }

    /// <summary>For a container disposed synchronously: the writes already queued are still committed.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private Task<long> Enqueue(StateWrite write, bool clear = false)
    {
        var pending = new PendingWrite(write, clear);
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The session store is closed: the silo is stopping.");
        }

        return pending.Done.Task;
    }

    private void WriteBatches()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            // Durable at commit: the WAL is fsynced by every commit.
            pragma.CommandText = "PRAGMA synchronous = FULL";
            pragma.ExecuteNonQuery();
        }

        var statements = new SqliteStatements(connection);
        List<PendingWrite> batch = new(MaxBatch);

        // This thread is the writer's own, so blocking it while nothing waits costs no pool thread.
        while (_pending.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            Commit(connection, statements, batch);
            batch.Clear();
        }
    }

    /// <summary>Applies every write of the batch in one transaction; each learns its own outcome once the commit is durable.</summary>
    private void Commit(SqliteConnection connection, SqliteStatements statements, List<PendingWrite> batch)
    {
        var outcomes = new object[batch.Count];
        long bytes = 0;
        try
        {
            using (var transaction = connection.BeginTransaction())
            {
                statements.Enlist(transaction);
                for (var i = 0; i < batch.Count; i++)
                {
                    var (write, clear) = (batch[i].Write, batch[i].Clear);
                    outcomes[i] = clear ? statements.Clear(write) : statements.Apply(write);
                    bytes += write.Head.Length + write.Edits.Sum(edit => edit.AppendedBytes);
                }

                transaction.Commit();
            }

            _metrics.Committed(batch.Count, bytes);
        }
        catch (Exception failure)
        {
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(failure);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i] is long version)
            {
                batch[i].Done.TrySetResult(version);
            }
            else
            {
                batch[i].Done.TrySetException((Exception)outcomes[i]);
            }
        }
    }

    private sealed record PendingWrite(StateWrite Write, bool Clear)
    {
        // Continuations run on the thread pool, never on the writer thread.
        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
