using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Hermes.Silo.Storage;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Xunit.Abstractions;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Storage;

/// <summary>Sessions in Hermes' SQLite store: a turn writes what it added, and what is stored is exactly the session.</summary>
public sealed class AppendOnlySessionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_turn_writes_its_new_messages_and_a_small_head_as_much_at_turn_1000_as_at_turn_10()
    {
        using var folder = new TempFolder();
        var store = new SqliteSessionStore(folder.File("sessions.db"));
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.EchoUser("re: "));
        var key = TestSessions.NewKey();
        await using var cluster = await StartOnAsync(models, store.Configure);
        var session = cluster.Session(key);

        Dictionary<int, (long Head, long Added, int AddedRows, long NewMessages)> written = [];
        var before = await EntriesAsync(store, key);
        for (var turn = 1; turn <= 1000; turn++)
        {
            await session.SendAsync($"message {turn}");
            if (turn is 10 or 1000)
            {
                // Measured from the file: the rows this turn added (entries not stored before it) and the head it rewrote.
                var after = await EntriesAsync(store, key);
                var added = after.Where(entry => !before.Contains(entry)).ToArray();
                var newMessages = (await session.GetTranscriptAsync(2)).Sum(message => (long)Serializer().Serialize(message).Length);
                written[turn] = ((await store.SessionRowAsync(key.ToString())).HeadBytes, added.Sum(entry => (long)entry.Payload.Length), added.Length, newMessages);
            }

            if (turn is 9 or 999)
            {
                before = await EntriesAsync(store, key);
            }
        }

        foreach (var (turn, bytes) in written)
        {
            output.WriteLine($"turn {turn}: head {bytes.Head} B + {bytes.AddedRows} entries of {bytes.Added} B; the turn's new messages serialized: {bytes.NewMessages} B");
            Assert.Equal((2, bytes.NewMessages), (bytes.AddedRows, bytes.Added));
            Assert.InRange(bytes.Head + bytes.Added, 0, 2 * bytes.NewMessages + 512);
        }

        Assert.InRange(written[1000].Head - written[10].Head, 0, 16);
    }

    [Fact]
    public async Task Five_thousand_sessions_sending_at_once_are_all_answered_and_stored()
    {
        using var folder = new TempFolder();
        var store = new SqliteSessionStore(folder.File("sessions.db"));
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.EchoUser("re: "));
        await using var cluster = await StartOnAsync(models, store.Configure);
        var keys = Enumerable.Range(0, 5000).Select(_ => TestSessions.NewKey()).ToArray();

        // Every session is new, so each call also activates its grain and reads (misses) its state.
        var answers = await Task.WhenAll(keys.Select(key => cluster.Session(key).SendAsync("hello")));

        Assert.All(answers, answer => Assert.Equal(("re: hello", 1), (answer.Reply, answer.TurnNumber)));

        // The sessions' own states, not their budgets' (whose grain ids hold the session key too).
        Assert.Equal("5000", await store.ScalarAsync("SELECT count(*) FROM HermesStateHead WHERE StateKey LIKE '%/session/%' AND StateKey NOT LIKE '%/budget/%'"));
        Assert.Equal("10000", await store.ScalarAsync("SELECT count(*) FROM HermesStateEntry WHERE List = 0"));
    }

    [Fact]
    public async Task Undo_retry_and_new_leave_in_the_store_exactly_the_transcript_a_restarted_silo_reads()
    {
        using var folder = new TempFolder();
        var store = new SqliteSessionStore(folder.File("sessions.db"));
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.EchoUser("re: "));
        var key = TestSessions.NewKey();
        string[] expected;
        await using (var first = await StartOnAsync(models, store.Configure))
        {
            var session = first.Session(key);
            await session.SendAsync("one");
            await session.SendAsync("two");
            await session.SendAsync("/undo");
            await session.SendAsync("three");
            await session.SendAsync("/retry");
            await session.SendAsync("/new");
            await session.SendAsync("four", "id-4");
            await session.SendAsync("five");
            await session.SendAsync("/undo");
            expected = [.. (await session.GetTranscriptAsync(100)).Select(message => message.Text)];
        }

        await using var second = await StartOnAsync(models, store.Configure);
        var restarted = second.Session(key);
        var snapshot = await restarted.GetSnapshotAsync();

        Assert.Equal(["four", "re: four"], expected);
        Assert.Equal(expected, (await restarted.GetTranscriptAsync(100)).Select(message => message.Text));
        Assert.Equal(2, (await store.SessionEntriesAsync(key.ToString(), list: 0)).Count);
        Assert.Equal(["one", "re: one", "three", "re: three"], (await restarted.GetArchivedPageAsync(snapshot.EarlierConversations.Single().SessionId, 0)).Select(message => message.Text));
        Assert.Equal("re: four", (await restarted.SendAsync("four", "id-4")).Reply);
        Assert.Equal(2, (await restarted.GetSnapshotAsync()).TurnCount);
    }

    [Fact]
    public async Task A_session_that_orleans_ado_net_provider_kept_before_reads_back_and_moves_to_the_new_store()
    {
        using var folder = new TempFolder();
        var store = new SqliteSessionStore(folder.File("sessions.db"));
        var connectionString = SqliteSessionStorage.ConnectionString(store.Path);
        await SqliteSchema.ApplyAsync(connectionString, CancellationToken.None);
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.EchoUser("re: "));
        var key = TestSessions.NewKey();
        await using (var earlier = await StartOnAsync(models, silo => silo.AddAdoNetGrainStorage(SessionStorage.ProviderName, options =>
        {
            options.Invariant = SqliteSchema.Invariant;
            options.ConnectionString = connectionString;
        })))
        {
            await earlier.Session(key).SendAsync("kept before");
        }

        await using var cluster = await StartOnAsync(models, store.Configure);
        var session = cluster.Session(key);
        await session.SendAsync("kept now");

        Assert.Equal(["kept before", "re: kept before", "kept now", "re: kept now"], (await session.GetTranscriptAsync(10)).Select(message => message.Text));
        Assert.Equal(4, (await store.SessionEntriesAsync(key.ToString(), list: 0)).Count);
    }

    // One service id for every cluster of a test, as for the silos of one deployment: it is part of the stored keys.
    private static Task<HermesCluster> StartOnAsync(ScriptedModelServer models, Action<ISiloBuilder> storage) =>
        StartAsync(ModelSettings(models, "primary"), storage: storage, cluster: builder => builder.Options.ServiceId = "hermes-append-only-test");

    private static async Task<HashSet<(long Sequence, byte[] Payload)>> EntriesAsync(SqliteSessionStore store, SessionKey key) =>
        new(await store.SessionEntriesAsync(key.ToString(), list: 0), EntryComparer.Instance);

    private static OrleansGrainStorageSerializer Serializer() => new(
        new ServiceCollection().AddSerializer(builder => builder.AddAssembly(typeof(SessionState).Assembly)).BuildServiceProvider().GetRequiredService<Serializer>());

    private sealed class EntryComparer : IEqualityComparer<(long Sequence, byte[] Payload)>
    {
        public static readonly EntryComparer Instance = new();

        public bool Equals((long Sequence, byte[] Payload) x, (long Sequence, byte[] Payload) y) => x.Sequence == y.Sequence && x.Payload.AsSpan().SequenceEqual(y.Payload);

        public int GetHashCode((long Sequence, byte[] Payload) entry) => entry.Sequence.GetHashCode();
    }
}
