using Hermes.Contracts.Sessions;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.LongLived;

/// <summary>
/// The watchdog wired into a session: a model that never answers. Its timing logic is tested on a fake clock
/// (<see cref="TurnWatchdogTests"/>); here short real limits only show that the stream carries what it decides.
/// </summary>
public sealed class StalledTurnTests
{
    [Fact]
    public async Task A_stalled_model_produces_stall_heartbeats_and_then_an_interrupted_turn_with_a_clear_reply()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        var never = new TaskCompletionSource();
        models.Script("stuck", _ => new ScriptedAnswer.Held(never.Task, new ScriptedAnswer.Text("too late")));
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "stuck"),
            new("Hermes:Watchdog:StallNotice", "00:00:00.200"),
            new("Hermes:Watchdog:StallLimit", "00:00:01"),
        ]);
        var session = cluster.Session(TestSessions.NewKey());

        List<TurnUpdate> updates = [];
        await foreach (var update in session.StreamAsync("are you there?"))
        {
            updates.Add(update);
        }

        var stall = updates.OfType<TurnHeartbeat>().First(beat => beat.SilentFor is not null);
        var finished = Assert.IsType<TurnFinished>(updates[^1]);
        Assert.True(updates.IndexOf(stall) < updates.Count - 1);
        Assert.StartsWith("Still working, but nothing has happened for", stall.StallNotice);
        Assert.Equal(TurnOutcome.Interrupted, finished.Result.Outcome);
        Assert.StartsWith("I stopped this turn: it made no progress (no model output, no tool result) for", finished.Result.Reply);
        var transcript = await session.GetTranscriptAsync(10);
        Assert.Equal([TranscriptRole.User, TranscriptRole.Notice], transcript.Select(message => message.Role));
        Assert.Equal(finished.Result.Reply, transcript[1].Text);
    }
}
