using System.Diagnostics.Metrics;
using Hermes.Grains.Storage;
using Hermes.ServiceDefaults.Telemetry;
using Hermes.Silo.Storage;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Xunit.Abstractions;

namespace Hermes.Tests.Storage;

/// <summary>Hermes' SQLite store on a real file: group commit, and the version check that refuses a stale writer.</summary>
public sealed class SqliteStateStoreTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_thousand_writes_at_once_are_committed_in_a_handful_of_transactions_and_all_read_back()
    {
        using var folder = new TempFolder();
        var connectionString = SqliteSessionStorage.ConnectionString(folder.File("sessions.db"));
        await SqliteSchema.ApplyAsync(connectionString, CancellationToken.None);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var commits = new CommitCounter(meters);
        await using (var store = new SqliteStateStore(connectionString, new StorageMetrics(meters)))
        {
            var versions = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => store.WriteAsync(Write($"state-{i}", null, $"head {i}", $"entry {i}"))));
            Assert.All(versions, version => Assert.Equal(1, version));
        }

        await using var reader = new SqliteStateStore(connectionString, new StorageMetrics(services.GetRequiredService<IMeterFactory>()));
        var stored = await reader.ReadAsync("state-999");
        Assert.Equal(("head 999", 1L, "entry 999"), (Text(stored!.Head), stored.Version, Text(Assert.Single(stored.Entries).Payload)));
        Assert.Equal(1000, commits.Writes);
        Assert.InRange(commits.Commits, 1, 20);
        output.WriteLine($"1,000 writes in {commits.Commits} commits");
    }

    [Fact]
    public async Task A_write_expecting_an_old_version_is_refused_while_the_others_of_its_batch_commit()
    {
        using var folder = new TempFolder();
        var connectionString = SqliteSessionStorage.ConnectionString(folder.File("sessions.db"));
        await SqliteSchema.ApplyAsync(connectionString, CancellationToken.None);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using var store = new SqliteStateStore(connectionString, new StorageMetrics(services.GetRequiredService<IMeterFactory>()));
        await store.WriteAsync(Write("a", null, "a1", "first"));

        var newer = store.WriteAsync(Write("a", 1, "a2", "second"));
        var stale = store.WriteAsync(Write("a", 1, "stale", "stale"));
        var created = store.WriteAsync(Write("b", null, "b1", "b"));
        var duplicate = store.WriteAsync(Write("b", null, "b-again", "b-again"));

        Assert.Equal(2, await newer);
        await Assert.ThrowsAsync<InconsistentStateException>(() => stale);
        Assert.Equal(1, await created);
        await Assert.ThrowsAsync<InconsistentStateException>(() => duplicate);
        var a = await store.ReadAsync("a");
        Assert.Equal(("a2", 2L), (Text(a!.Head), a.Version));
        Assert.Equal(["first", "second"], a.Entries.Select(entry => Text(entry.Payload)));
        Assert.Equal("b1", Text((await store.ReadAsync("b"))!.Head));
    }

    /// <summary>A write that keeps what is stored and appends one entry after it.</summary>
    private static StateWrite Write(string key, long? expected, string head, string entry) =>
        new(key, expected, System.Text.Encoding.UTF8.GetBytes(head), [new ListEdit(0, 0, expected ?? 0, [System.Text.Encoding.UTF8.GetBytes(entry)])]);

    private static string Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    /// <summary>Listens to the commit and write counters of the stores whose meters <paramref name="meters"/> made (not those of tests running beside).</summary>
    private sealed class CommitCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _commits;
        private long _writes;

        public CommitCounter(IMeterFactory meters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Meter.Name == HermesTelemetry.Name && instrument.Name is StorageMetrics.CommitsName or StorageMetrics.WritesName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
                Interlocked.Add(ref instrument.Name == StorageMetrics.CommitsName ? ref _commits : ref _writes, value));
            _listener.Start();
        }

        public long Commits => Interlocked.Read(ref _commits);

        public long Writes => Interlocked.Read(ref _writes);

        public void Dispose() => _listener.Dispose();
    }
}
