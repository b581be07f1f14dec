using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using Orleans.Storage;
using Xunit.Abstractions;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Storage;

/// <summary>Sessions in the local profile's SQLite file, through Orleans' ADO.NET provider and our schema.</summary>
public sealed class LocalProfileTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_conversation_survives_stopping_the_silo_and_starting_a_new_one_on_the_same_file()
    {
        using var folder = new TempFolder();
        var store = new SqliteSessionStore(folder.File("sessions.db"));
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.EchoUser("re: ")).Script("chosen", Scripts.EchoUser("chosen: "));
        var key = TestSessions.NewKey();

        SessionSnapshot before;
        await using (var first = await StartOnStoreAsync(models, store))
        {
            var session = first.Session(key);
            await session.SendAsync("turn 1");
            await session.SendAsync("/model chosen");
            for (var turn = 2; turn <= 5; turn++)
            {
                await session.SendAsync($"turn {turn}");
            }

            before = await session.GetSnapshotAsync();
        }

        await using var second = await StartOnStoreAsync(models, store);
        var restarted = second.Session(key);
        var after = await restarted.GetSnapshotAsync();
        var transcript = await restarted.GetTranscriptAsync(100);
        var reply = await restarted.SendAsync("turn 6");

        Assert.Equal((before.SessionId, 5, 10, "chosen", true), (after.SessionId, after.TurnCount, after.TranscriptLength, after.ModelInUse, after.ModelChosenBySession));
        Assert.Equal(
            ["turn 1", "re: turn 1", "turn 2", "chosen: turn 2", "turn 3", "chosen: turn 3", "turn 4", "chosen: turn 4", "turn 5", "chosen: turn 5"],
            transcript.Select(message => message.Text));
        Assert.Equal("chosen: turn 6", reply.Reply);
        Assert.Equal(11, models.Requests.Last().Messages.Count);
    }

    [Fact]
    public async Task A_long_session_keeps_a_bounded_state_and_archives_every_older_message()
    {
        using var folder = new TempFolder();
        var store = new SqliteSessionStore(folder.File("sessions.db"));
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.EchoUser("re: "));
        var key = TestSessions.NewKey();
        using var writes = new StateWriteRecorder();
        await using var cluster = await StartOnStoreAsync(models, store);
        var session = cluster.Session(key);

        var payloadBytes = new Dictionary<int, long>();
        for (var turn = 1; turn <= 1000; turn++)
        {
            await session.SendAsync($"message {turn}");
            if (turn is 1 or 100 or 150 or 300 or 500 or 1000)
            {
                payloadBytes[turn] = (await store.SessionRowAsync(key.ToString())).HeadBytes;
            }
        }

        var snapshot = await session.GetSnapshotAsync();
        List<TranscriptMessage> everything = [];
        for (var page = 0; await session.GetArchivedPageAsync(null, page) is { IsEmpty: false } messages; page++)
        {
            everything.AddRange(messages);
        }

        Assert.Equal(snapshot.ArchivedMessages, everything.Count);
        everything.AddRange(await session.GetTranscriptAsync(snapshot.TranscriptLength));
        Assert.Equal(2000, everything.Count);
        Assert.Equal(Enumerable.Range(1, 1000).Select(turn => $"message {turn}"), everything.Where(message => message.Role == TranscriptRole.User).Select(message => message.Text));
        Assert.InRange(snapshot.TranscriptLength, 200, 300);
        Assert.True(payloadBytes[1000] < payloadBytes[150] * 2, $"state grew: {string.Join(", ", payloadBytes)}");
        Assert.InRange(models.Requests.Last().Messages.Count, 201, 301);

        output.WriteLine($"stored state bytes by turn: {string.Join(", ", payloadBytes.Select(pair => $"{pair.Key}: {pair.Value}"))}");
        output.WriteLine($"state write, first 10 turns median {writes.Median(0, 10) * 1000:0.00} ms; turns 991-1000 median {writes.Median(990, 10) * 1000:0.00} ms; ratio {writes.Median(990, 10) / writes.Median(0, 10):0.00}");
    }

    [Fact]
    public async Task A_write_from_a_stale_activation_is_refused_by_the_etag_and_surfaced_never_overwriting()
    {
        using var folder = new TempFolder();
        var store = new SqliteSessionStore(folder.File("sessions.db"));
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.EchoUser("re: "));
        var key = TestSessions.NewKey();
        await using var cluster = await StartOnStoreAsync(models, store);
        var session = cluster.Session(key);

        await session.SendAsync("turn 1");
        await store.BumpVersionAsync(key.ToString());
        var newer = await store.SessionRowAsync(key.ToString());

        await Assert.ThrowsAsync<InconsistentStateException>(() => session.SendAsync("turn 2", "message-2"));
        Assert.Equal(newer, await store.SessionRowAsync(key.ToString()));

        // The refused activation never answers from its memory: the retry of that message runs on a fresh one, once.
        var retried = await SendUntilAcceptedAsync(session, "turn 2", "message-2");
        Assert.Equal("re: turn 2", retried.Reply);
        Assert.Equal(["turn 1", "re: turn 1", "turn 2", "re: turn 2"], (await session.GetTranscriptAsync(10)).Select(message => message.Text));
    }

    private static async Task<TurnResult> SendUntilAcceptedAsync(ISessionGrain session, string text, string messageId)
    {
        TurnResult? result = null;
        await Poll.UntilAsync(async () =>
        {
            try
            {
                result = await session.SendAsync(text, messageId);
                return true;
            }
            catch (SessionUnavailableException)
            {
                return false;
            }
        }, "a fresh activation");
        return result!;
    }

    private static Task<HermesCluster> StartOnStoreAsync(ScriptedModelServer models, SqliteSessionStore store) =>
        StartAsync(ModelSettings(models, "primary"), storage: store.Configure, cluster: builder => builder.Options.ServiceId = "hermes-local-test");
}
