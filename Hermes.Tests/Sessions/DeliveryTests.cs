using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;

namespace Hermes.Tests.Sessions;

/// <summary>A message a front-end sends again under the same id (a retry) is answered once, never run twice.</summary>
public sealed class DeliveryTests
{
    [Fact]
    public async Task A_message_sent_again_with_its_id_gets_the_first_answer_even_after_the_grain_reactivated()
    {
        await using var slow = await SlowReplies.StartAsync();
        var session = slow.Cluster.Session(TestSessions.NewKey());
        await session.SendAsync("/model quick");

        var first = await session.SendAsync("hello", "message-1");
        var again = await session.SendAsync("hello", "message-1");
        await slow.Cluster.Cluster.DeactivateAsync((IAddressable)session);
        var afterReactivation = await session.SendAsync("hello", "message-1");
        var other = await session.SendAsync("hello", "message-2");

        Assert.Equal(first, again);
        Assert.Equal(first, afterReactivation);
        Assert.Equal((1, 2), (first.TurnNumber, other.TurnNumber));
        Assert.Equal(2, slow.Models.RequestsFor("quick"));
        Assert.Equal(2, (await session.GetTranscriptAsync(100)).Count(message => message.Role == TranscriptRole.User));
    }

    [Fact]
    public async Task A_retry_that_arrives_while_the_first_attempt_runs_waits_for_it_and_shares_its_answer()
    {
        await using var slow = await SlowReplies.StartAsync(("Hermes:Sessions:WhileBusy", "Queue"));
        var session = slow.Cluster.Session(TestSessions.NewKey());

        var first = session.SendAsync("tell me", "message-1");
        await slow.Models.WaitForRequestAsync(SlowReplies.Model);
        var retry = await session.SendAsync("tell me", "message-1");

        Assert.Equal(await first, retry);
        Assert.Equal(TurnOutcome.Completed, retry.Outcome);
        Assert.Equal(1, slow.Models.RequestsFor(SlowReplies.Model));
    }

    [Fact]
    public async Task A_caller_that_takes_over_a_running_message_by_its_id_can_cancel_its_turn()
    {
        await using var slow = await SlowReplies.StartAsync();
        var session = slow.Cluster.Session(TestSessions.NewKey());
        using var takeover = new CancellationTokenSource();

        var first = session.SendAsync("long one", "message-1");
        var request = await slow.Models.WaitForRequestAsync(SlowReplies.Model);
        var again = session.SendAsync("long one", "message-1", takeover.Token);

        // Calls from one client to a grain are dispatched in order, and a retry joins the running message before its
        // first await: once a later call is answered, the retry has taken the message over.
        await session.GetSnapshotAsync();
        await takeover.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => again);
        Assert.Equal(TurnOutcome.Interrupted, (await first).Outcome);
        await request.Aborted.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_different_message_under_a_used_id_is_refused_and_nothing_runs_whether_the_first_is_recorded_or_running()
    {
        await using var slow = await SlowReplies.StartAsync(("Hermes:Sessions:WhileBusy", "Queue"));
        var session = slow.Cluster.Session(TestSessions.NewKey());
        await session.SendAsync("/model quick");
        await session.SendAsync("hello", "message-1");

        await Assert.ThrowsAsync<MessageIdReusedException>(() => session.SendAsync("something else", "message-1"));
        await session.SendAsync("/model default");
        var running = session.SendAsync("long one", "message-2");
        await slow.Models.WaitForRequestAsync(SlowReplies.Model);
        await Assert.ThrowsAsync<MessageIdReusedException>(() => session.SendAsync("not the long one", "message-2"));
        await session.SendAsync("/stop");
        await running;

        Assert.Equal((1, 1), (slow.Models.RequestsFor("quick"), slow.Models.RequestsFor(SlowReplies.Model)));
        Assert.Equal(["hello", "long one"], (await session.GetTranscriptAsync(100)).Where(message => message.Role == TranscriptRole.User).Select(message => message.Text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t ")]
    public async Task A_message_without_text_is_refused_as_an_argument_error_before_any_work(string text)
    {
        await using var slow = await SlowReplies.StartAsync();
        var session = slow.Cluster.Session(TestSessions.NewKey());

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => session.SendAsync(text, "message-1"));

        Assert.Contains("The message has no text", refused.Message);
        Assert.Equal(0, (await session.GetSnapshotAsync()).TurnCount);
        Assert.Empty(slow.Models.Requests);
    }
}
