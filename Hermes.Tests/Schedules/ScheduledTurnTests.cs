using System.Globalization;
using Hermes.Contracts.Pushes;
using Hermes.Contracts.Schedules;
using Hermes.Contracts.Sessions;
using Hermes.Tests.Infrastructure;
using Xunit.Abstractions;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Schedules;

/// <summary>
/// Schedules on the real silo host: reminders in its SQLite file, turns run by the session, replies pushed to the
/// Telegram bot with no incoming message, across a silo restart, on two silos, and to a bot that starts late.
/// </summary>
public sealed class ScheduledTurnTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private ScriptedModelServer _models = null!;
    private TelegramBotApiStandIn _botApi = null!;

    public async Task InitializeAsync()
    {
        _models = await ScriptedModelServer.StartAsync();
        _models.Script("primary", Scripts.EchoUser("done: "));
        _botApi = await TelegramBotApiStandIn.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _botApi.DisposeAsync();
        await _models.DisposeAsync();
    }

    [Fact]
    public async Task A_scheduled_turn_runs_on_its_own_and_its_reply_reaches_the_telegram_chat_without_any_incoming_message()
    {
        await using var silo = await TestSilo.StartAsync(Settings());
        await using var bot = await TelegramBotProcess.StartAsync(_botApi, silo);
        await using var frontEnd = await FrontEnd.StartAsync([silo]);
        var session = SessionKey.ForDm("telegram", "4242");

        var answer = await frontEnd.Client.GetSessionGrain(session).SendAsync($"/every {Interval.TotalSeconds}s report the weather");
        var first = (await Schedules(frontEnd, session)).Single().NextFireAt!.Value;
        var sent = await _botApi.SentToAsync(4242, count: 5);

        Assert.StartsWith("Scheduled s1: every 2s", answer.Reply);
        Assert.All(sent, message => Assert.Contains("report the weather", message.Text));
        var transcript = await frontEnd.Client.GetSessionGrain(session).GetTranscriptAsync(100);
        Assert.All(transcript.Where(message => message.Role == TranscriptRole.User), message => Assert.StartsWith("[Scheduled s1, every 2s, due ", message.Text));

        // From each due time to the stand-in receiving its reply.
        var delays = sent.Select((message, k) => message.At - (first + (Interval * k))).Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"due time → reply at the Bot API stand-in, {delays.Count} fires: median {delays[delays.Count / 2].TotalMilliseconds:0} ms, min {delays[0].TotalMilliseconds:0} ms, max {delays[^1].TotalMilliseconds:0} ms"));

        Assert.Equal("Removed schedule s1.", (await frontEnd.Client.GetSessionGrain(session).SendAsync("/unschedule s1")).Reply);
    }

    [Fact]
    public async Task A_silo_restart_between_two_fires_keeps_the_schedule_and_the_new_silo_fires_it_untouched()
    {
        using var data = new TempFolder();
        var session = SessionKey.ForDm("telegram", "77");
        int before;
        await using (var first = await TestSilo.StartAsync([.. Settings(), new("Hermes:Local:DataFolder", data.Path)]))
        {
            await using var frontEnd = await FrontEnd.StartAsync([first]);
            await frontEnd.Client.GetSessionGrain(session).SendAsync("/every 2s check in");
            await Poll.UntilAsync(async () => await ScheduledTurnsAsync(frontEnd, session) >= 1, "a first scheduled turn");
            before = await ScheduledTurnsAsync(frontEnd, session);
        }

        await using var second = await TestSilo.StartAsync([.. Settings(), new("Hermes:Local:DataFolder", data.Path)]);
        await using var reconnected = await FrontEnd.StartAsync([second]);

        // Only the session's transcript is read: the schedule wakes by its reminder alone.
        await Poll.UntilAsync(async () => await ScheduledTurnsAsync(reconnected, session) >= before + 2, "scheduled turns after the restart");
        var schedule = (await Schedules(reconnected, session)).Single();
        Assert.Equal(("s1", "every 2s"), (schedule.Id, schedule.Cadence));
        Assert.NotNull(schedule.NextFireAt);
    }

    [Fact]
    public async Task On_two_silos_each_due_time_runs_one_turn_and_pushes_one_reply()
    {
        await using var first = await TestSilo.StartAsync(Settings());
        await using var second = await TestSilo.StartAsync(Settings(), primary: first);
        await using var frontEnd = await FrontEnd.StartAsync([first, second]);
        var sessions = Enumerable.Range(1, 6).Select(i => SessionKey.ForDm("telegram", $"90{i}")).ToList();
        foreach (var session in sessions)
        {
            await frontEnd.Client.GetSessionGrain(session).SendAsync("/every 2s count");
        }

        await Poll.UntilAsync(async () => (await Task.WhenAll(sessions.Select(session => ScheduledTurnsAsync(frontEnd, session)))).All(turns => turns >= 3), "three scheduled turns in every session");
        foreach (var session in sessions)
        {
            await frontEnd.Client.GetSessionGrain(session).SendAsync("/unschedule s1");
        }

        // A turn that was running when its schedule went finishes and pushes its reply too.
        var outbox = frontEnd.Client.GetGrain<IPushOutboxGrain>("telegram");
        async Task<bool> EveryTurnPushedAsync()
        {
            var waiting = await outbox.PeekAsync();
            var turns = await Task.WhenAll(sessions.Select(session => ScheduledTurnsAsync(frontEnd, session)));
            return turns.Sum() == _models.RequestsFor("primary")
                && sessions.Select((session, i) => waiting.Count(reply => reply.SessionKey == session.ToString() && reply.Id.StartsWith("schedule/", StringComparison.Ordinal)) == turns[i]).All(same => same);
        }

        await Poll.UntilAsync(EveryTurnPushedAsync, "one model call and one pushed reply per scheduled turn");
        var total = 0;
        foreach (var session in sessions)
        {
            var dues = (await frontEnd.Client.GetSessionGrain(session).GetTranscriptAsync(100))
                .Where(message => message.Role == TranscriptRole.User)
                .Select(message => message.Text[..message.Text.IndexOf(']', StringComparison.Ordinal)])
                .ToList();
            Assert.Equal(dues.Distinct().Count(), dues.Count);
            total += dues.Count;
        }

        // One model call per turn: no due time ran twice on the two silos.
        Assert.Equal(total, _models.RequestsFor("primary"));
        output.WriteLine($"two silos, six sessions: {total} scheduled turns, {total} distinct due times, {total} pushed replies, {_models.RequestsFor("primary")} model calls");
    }

    [Fact]
    public async Task A_due_time_that_comes_while_the_previous_run_still_runs_is_skipped_with_a_note_not_stacked()
    {
        _models.Script("primary", _ => new ScriptedAnswer.Text("slowly", TimeSpan.FromSeconds(5)));
        await using var silo = await TestSilo.StartAsync(Settings());
        await using var frontEnd = await FrontEnd.StartAsync([silo]);
        var session = SessionKey.ForDm("telegram", "700");
        var outbox = frontEnd.Client.GetGrain<IPushOutboxGrain>("telegram");

        await frontEnd.Client.GetSessionGrain(session).SendAsync("/every 2s take your time");
        await Poll.UntilAsync(async () => (await outbox.PeekAsync()).Any(reply => reply.Id.StartsWith("schedule/", StringComparison.Ordinal)), "the slow run's reply");
        var schedule = (await Schedules(frontEnd, session)).Single();
        await frontEnd.Client.GetSessionGrain(session).SendAsync("/unschedule s1");

        // The 5-second run spanned two due times or more: each was skipped with a note, and none ran after it.
        Assert.True(schedule.Skips >= 2, $"{schedule.Skips} skips");
        Assert.Contains(await outbox.PeekAsync(), reply => reply.Text.Contains("previous run is still running", StringComparison.Ordinal));
        Assert.True(_models.RequestsFor("primary") <= 2, $"{_models.RequestsFor("primary")} model calls");
    }

    [Fact]
    public async Task Replies_waiting_while_no_bot_ran_are_sent_once_each_when_two_bot_replicas_start()
    {
        await using var silo = await TestSilo.StartAsync(Settings());
        await using var frontEnd = await FrontEnd.StartAsync([silo]);
        long[] chats = [501, 502, 503];
        foreach (var chat in chats)
        {
            await frontEnd.Client.GetSessionGrain(SessionKey.ForDm("telegram", chat.ToString(CultureInfo.InvariantCulture))).SendAsync("/in 1s wake me");
        }

        var outbox = frontEnd.Client.GetGrain<IPushOutboxGrain>("telegram");
        await Poll.UntilAsync(async () => (await outbox.PeekAsync()).Length == chats.Length, "the replies waiting in the outbox");

        await using var one = await TelegramBotProcess.StartAsync(_botApi, silo);
        await using var two = await TelegramBotProcess.StartAsync(_botApi, silo);
        await Poll.UntilAsync(async () => (await outbox.PeekAsync()).IsEmpty, "the outbox drained");

        foreach (var chat in chats)
        {
            Assert.Contains("wake me", Assert.Single(_botApi.Sent, message => message.ChatId == chat).Text);
        }
    }

    [Fact]
    public async Task Limits_refuse_a_schedule_too_frequent_or_one_too_many_and_status_shows_the_next_fire()
    {
        await using var silo = await TestSilo.StartAsync([.. ModelSettings(_models, "primary"), new("Hermes:Schedules:MaxPerSession", "2")]);
        await using var frontEnd = await FrontEnd.StartAsync([silo]);
        var session = frontEnd.Client.GetSessionGrain(SessionKey.ForDm("telegram", "600"));

        var tooOften = await session.SendAsync("/every 1m poll");
        var zone = await session.SendAsync("/timezone Asia/Tokyo");
        var daily = await session.SendAsync("/every day at 09:00 plan the day");
        await session.SendAsync("/in 3h stretch");
        var third = await session.SendAsync("/in 5h drink water");
        var badZone = await session.SendAsync("/timezone Mars/Olympus");
        var status = await session.SendAsync("/status");

        Assert.Contains("at most every 5m", tooOften.Reply);
        Assert.Equal("Time zone: Asia/Tokyo.", zone.Reply);
        Assert.StartsWith("Scheduled s1: every 1d at 09:00 (Asia/Tokyo), next ", daily.Reply);
        Assert.Contains("09:00:00 Asia/Tokyo", daily.Reply);
        Assert.Contains("already has 2 schedules", third.Reply);
        Assert.Contains("not a time zone", badZone.Reply);
        Assert.Contains("Schedules: 2; next ", status.Reply);
        var snapshot = await session.GetSnapshotAsync();
        Assert.Equal(["s1", "s2"], snapshot.Schedules.Select(schedule => schedule.Id));
        Assert.All(snapshot.Schedules, schedule => Assert.True(schedule.NextFireAt > DateTimeOffset.UtcNow));
    }

    private IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. ModelSettings(_models, "primary"), new("Hermes:Schedules:MinimumInterval", "00:00:01"), new("Hermes:Schedules:RetryPeriod", "00:00:02")];

    private static Task<System.Collections.Immutable.ImmutableArray<ScheduleInfo>> Schedules(FrontEnd frontEnd, SessionKey session) =>
        frontEnd.Client.GetGrain<IScheduleGrain>(session.ToString()).ListAsync();

    private static async Task<int> ScheduledTurnsAsync(FrontEnd frontEnd, SessionKey session) =>
        (await frontEnd.Client.GetSessionGrain(session).GetTranscriptAsync(1000)).Count(message => message.Role == TranscriptRole.User && message.Text.StartsWith("[Scheduled ", StringComparison.Ordinal));
}
