using System.Diagnostics;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hermes.Tests.Sessions;

/// <summary>A session stays responsive while a turn runs: control commands at once, messages interrupt or wait.</summary>
public sealed class RunningTurnTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Stop_cancels_the_model_call_and_the_turn_ends_interrupted_with_nothing_partial_kept()
    {
        await using var slow = await SlowReplies.StartAsync();
        var (models, cluster) = (slow.Models, slow.Cluster);
        var session = cluster.Session(TestSessions.NewKey());

        var stopToEnd = new List<TimeSpan>();
        for (var round = 1; round <= 5; round++)
        {
            // Stopped in the middle of the answer: once its first words have streamed back.
            var (running, answering) = StreamUntilFirstWords(session, $"long story {round}");
            var request = await models.WaitForRequestAsync(SlowReplies.Model, round);
            await answering;
            var stopSent = Stopwatch.GetTimestamp();
            var stop = await session.SendAsync("/stop");
            var turn = await running;
            stopToEnd.Add(Stopwatch.GetElapsedTime(stopSent));

            Assert.Equal("Stopped the running turn.", stop.Reply);
            Assert.Equal((TurnOutcome.Interrupted, AgentFate.Kept), (turn.Outcome, turn.Agent));
            await request.Aborted.WaitAsync(TimeSpan.FromSeconds(10));
        }

        var transcript = await session.GetTranscriptAsync(100);
        Assert.Equal(Enumerable.Repeat(new[] { TranscriptRole.User, TranscriptRole.Notice }, 5).SelectMany(pair => pair), transcript.Select(message => message.Role));
        Assert.DoesNotContain(transcript, message => message.Text.Contains("slow answer", StringComparison.Ordinal));
        output.WriteLine($"/stop to turn end: median {TestSessions.Median(stopToEnd).TotalMilliseconds:0.0} ms over {stopToEnd.Count} stops ({string.Join(", ", stopToEnd.Select(time => $"{time.TotalMilliseconds:0.0}"))} ms)");
    }

    [Fact]
    public async Task Status_is_answered_while_a_turn_runs_and_new_stops_it_and_starts_afresh()
    {
        await using var slow = await SlowReplies.StartAsync();
        var (models, cluster) = (slow.Models, slow.Cluster);
        var session = cluster.Session(TestSessions.NewKey());
        var before = await session.GetSnapshotAsync();

        var running = session.SendAsync("a long one");
        await models.WaitForRequestAsync(SlowReplies.Model);
        var status = await session.SendAsync("/status");
        var reset = await session.SendAsync("/new");
        var turn = await running;

        Assert.Contains("Now: a turn is running", status.Reply);
        Assert.Equal("Started a new session.", reset.Reply);
        Assert.Equal(TurnOutcome.Interrupted, turn.Outcome);
        var after = await session.GetSnapshotAsync();
        Assert.NotEqual(before.SessionId, after.SessionId);
        Assert.Equal(0, after.TranscriptLength);
        Assert.False(after.TurnRunning);
    }

    [Fact]
    public async Task In_queue_mode_messages_wait_their_turn_in_order_and_a_full_queue_answers_busy()
    {
        await using var slow = await SlowReplies.StartAsync(("Hermes:Sessions:WhileBusy", "Queue"), ("Hermes:Sessions:MaxQueuedMessages", "3"));
        var (models, cluster) = (slow.Models, slow.Cluster);
        var session = cluster.Session(TestSessions.NewKey());
        models.Script(SlowReplies.Model, SlowReplies.FirstSlowThenQuick());
        var first = session.SendAsync("message 0");
        await models.WaitForRequestAsync(SlowReplies.Model);
        var later = await SendOneByOneAsync(session, 5);
        var results = new[] { await first }.Concat(await Task.WhenAll(later)).ToArray();

        Assert.Equal(
            [TurnOutcome.Completed, TurnOutcome.Completed, TurnOutcome.Completed, TurnOutcome.Completed, TurnOutcome.Busy, TurnOutcome.Busy],
            results.Select(result => result.Outcome));
        Assert.Contains("Busy: 3 messages are already waiting", results[5].Reply);
        Assert.Equal([1, 2, 3, 4], results.Take(4).Select(result => result.TurnNumber));
        var users = (await session.GetTranscriptAsync(100)).Where(message => message.Role == TranscriptRole.User).Select(message => message.Text);
        Assert.Equal(["message 0", "message 1", "message 2", "message 3"], users);
    }

    [Fact]
    public async Task In_interrupt_mode_a_message_stops_the_running_turn_and_every_message_is_answered_in_order()
    {
        await using var slow = await SlowReplies.StartAsync(("Hermes:Sessions:WhileBusy", "Interrupt"));
        var (models, cluster) = (slow.Models, slow.Cluster);
        var session = cluster.Session(TestSessions.NewKey());
        models.Script(SlowReplies.Model, SlowReplies.FirstSlowThenQuick());

        var first = session.SendAsync("message 0");
        await models.WaitForRequestAsync(SlowReplies.Model);
        var later = await SendOneByOneAsync(session, 5);
        var results = new[] { await first }.Concat(await Task.WhenAll(later)).ToArray();

        // A message interrupts what runs when it arrives; those that arrive together wait their turn in order.
        Assert.Equal(TurnOutcome.Interrupted, results[0].Outcome);
        Assert.Equal(TurnOutcome.Completed, results[^1].Outcome);
        Assert.All(results, result => Assert.Contains(result.Outcome, new[] { TurnOutcome.Completed, TurnOutcome.Interrupted }));
        Assert.Equal([1, 2, 3, 4, 5, 6], results.Select(result => result.TurnNumber));
        var users = (await session.GetTranscriptAsync(100)).Where(message => message.Role == TranscriptRole.User).Select(message => message.Text);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"message {i}"), users);
    }

    [Fact]
    public async Task A_caller_that_cancels_its_call_cancels_the_model_request()
    {
        await using var slow = await SlowReplies.StartAsync();
        var (models, cluster) = (slow.Models, slow.Cluster);
        var session = cluster.Session(TestSessions.NewKey());
        using var cancellation = new CancellationTokenSource();

        var running = session.SendAsync("never mind", cancellationToken: cancellation.Token);
        var request = await models.WaitForRequestAsync(SlowReplies.Model);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        await request.Aborted.WaitAsync(TimeSpan.FromSeconds(10));
        var snapshot = await TestSessions.WhenIdleAsync(session);
        Assert.Equal(TurnOutcome.Interrupted, snapshot.LastTurn?.Outcome);
    }

    [Fact]
    public async Task An_idle_session_starts_anew_under_the_reset_policy_with_a_notice()
    {
        // Idle for one tick is idle enough: every message after the first finds the session idle, with no wait. (A fake
        // clock for the whole silo stalls the test cluster's shutdown by 30 s; the policy's arithmetic has its own unit
        // tests on exact times, SessionResetPolicyTests.)
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("quick", Scripts.EchoUser("re: "));
        await using var cluster = await HermesCluster.StartAsync(
            [.. HermesCluster.ModelSettings(models, SlowReplies.Model), new("Hermes:Sessions:Reset:IdleAfter", "00:00:00.0000001")]);
        var session = cluster.Session(TestSessions.NewKey());
        await session.SendAsync("/model quick");
        await session.SendAsync("before the break");
        var before = await session.GetSnapshotAsync();

        var after = await session.SendAsync("after the break");

        Assert.StartsWith("A new session started: the last one was idle for", after.Notice);
        Assert.Equal("re: after the break", after.Reply);
        var snapshot = await session.GetSnapshotAsync();
        Assert.NotEqual(before.SessionId, snapshot.SessionId);
        Assert.Equal(["after the break", "re: after the break"], (await session.GetTranscriptAsync(10)).Select(message => message.Text));
        Assert.Equal("quick", snapshot.ModelInUse);
    }

    [Fact]
    public async Task A_message_refused_as_busy_does_not_interrupt_the_running_turn()
    {
        await using var slow = await SlowReplies.StartAsync(("Hermes:Sessions:WhileBusy", "Interrupt"), ("Hermes:Sessions:MaxQueuedMessages", "0"));
        var session = slow.Cluster.Session(TestSessions.NewKey());
        slow.Models.Script(SlowReplies.Model, SlowReplies.Script(words: 10));

        var running = session.SendAsync("first");
        await slow.Models.WaitForRequestAsync(SlowReplies.Model);
        var refused = await session.SendAsync("second");

        Assert.Equal(TurnOutcome.Busy, refused.Outcome);
        Assert.Equal(TurnOutcome.Completed, (await running).Outcome);
    }

    /// <summary>Sends messages 1..count one after another, each once the session has taken the one before.</summary>
    private static async Task<List<Task<TurnResult>>> SendOneByOneAsync(ISessionGrain session, int count)
    {
        var sent = new List<Task<TurnResult>>();
        for (var i = 1; i <= count; i++)
        {
            var (result, taken) = Stream(session, $"message {i}", update => true);
            sent.Add(result);
            await taken;
        }

        return sent;
    }

    /// <summary>Streams a message; the second task completes once its answer's first words arrived (or the turn ended).</summary>
    private static (Task<TurnResult> Result, Task Answering) StreamUntilFirstWords(ISessionGrain session, string text) =>
        Stream(session, text, update => update is TextDelta);

    /// <summary>
    /// Streams a message; the second task completes at the first update that <paramref name="seen"/> accepts, or when the
    /// turn ends. Any update means the session has taken the message: its place in the turn order is fixed.
    /// </summary>
    private static (Task<TurnResult> Result, Task Seen) Stream(ISessionGrain session, string text, Func<TurnUpdate, bool> seen)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var result = Task.Run(async () =>
        {
            try
            {
                await foreach (var update in session.StreamAsync(text))
                {
                    if (seen(update))
                    {
                        signal.TrySetResult();
                    }

                    if (update is TurnFinished finished)
                    {
                        return finished.Result;
                    }
                }

                throw new InvalidOperationException($"The stream of '{text}' ended without a result.");
            }
            finally
            {
                signal.TrySetResult();
            }
        });
        return (result, signal.Task);
    }
}
