using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;

namespace Hermes.Tests.Commands;

/// <summary>Each slash command, answered by a session grain on a real cluster.</summary>
public sealed class CommandTests(EchoClusterFixture fixture) : IClassFixture<EchoClusterFixture>
{
    private ISessionGrain NewSession() => fixture.Cluster.Session(TestSessions.NewKey());

    [Fact]
    public async Task Help_lists_every_command_and_is_not_part_of_the_conversation()
    {
        var session = NewSession();

        var help = await session.SendAsync("/HELP@HermesBot");

        Assert.Equal("/help", help.Command);
        foreach (var command in new[] { "/new", "/reset", "/model", "/retry", "/undo", "/status", "/stop", "/usage", "/help" })
        {
            Assert.Contains(command, help.Reply);
        }

        Assert.Empty(await session.GetTranscriptAsync(10));
    }

    [Fact]
    public async Task An_unknown_command_is_answered_with_the_known_ones()
    {
        var result = await NewSession().SendAsync("/frobnicate");

        Assert.Equal(TurnOutcome.Completed, result.Outcome);
        Assert.StartsWith("Unknown command /frobnicate.", result.Reply);
        Assert.Contains("/status", result.Reply);
    }

    [Fact]
    public async Task Status_tells_the_model_the_agent_the_counters_and_that_nothing_runs()
    {
        var session = NewSession();
        await session.SendAsync("hello");

        var status = (await session.SendAsync("/status")).Reply;

        Assert.Contains("Model: echo, fallbacks backup", status);
        Assert.Contains("Agent: cached; 1 built, none dropped", status);
        Assert.Contains("Now: idle", status);
        Assert.Contains("Session: 1 turns, 2 messages", status);
        Assert.Contains("Last turn: completed", status);
    }

    [Fact]
    public async Task Usage_counts_the_tokens_of_this_session()
    {
        var session = NewSession();
        await session.SendAsync("one");
        await session.SendAsync("two");

        var usage = await session.SendAsync("/usage");

        // The budget lines follow (Hermes.Tests/LongLived/BudgetTests).
        Assert.Equal("Tokens this session: 24 in, 10 out, 34 in all, over 2 turns.", usage.Reply.Split('\n')[0]);
    }

    [Fact]
    public async Task Model_shows_and_switches_the_primary_on_purpose_which_is_not_a_fallback()
    {
        var session = NewSession();
        await session.SendAsync("before");

        var shown = await session.SendAsync("/model");
        var switched = await session.SendAsync("/model other");
        var answered = await session.SendAsync("after");
        var again = await session.SendAsync("again");
        var back = await session.SendAsync("/model default");
        var last = await session.SendAsync("last");

        Assert.Equal("Model: echo, fallbacks backup", shown.Reply);
        Assert.Equal((AgentFate.Dropped, AgentDropReason.ModelChanged), (switched.Agent, switched.DropReason));
        Assert.Contains("other (chosen for this session)", switched.Reply);
        Assert.Equal(("other: after", "other", false, AgentFate.Kept), (answered.Reply, answered.ModelUsed, answered.FallbackUsed, answered.Agent));
        Assert.Null(again.AgentBuildTime);
        Assert.Equal("re: last", last.Reply);
        Assert.Contains("Model: echo, fallbacks backup", back.Reply);
        var counters = (await session.GetSnapshotAsync()).Counters;
        Assert.Equal(2, counters.Dropped(AgentDropReason.ModelChanged));
        Assert.Equal(0, counters.Dropped(AgentDropReason.FallbackSucceeded));
        Assert.Equal(3, counters.AgentsBuilt);
    }

    [Fact]
    public async Task A_model_id_with_spaces_is_refused()
    {
        var result = await NewSession().SendAsync("/model two words");

        Assert.Contains("is not a model id", result.Reply);
    }

    [Theory]
    [InlineData("/new")]
    [InlineData("/reset")]
    public async Task New_starts_a_clean_session_and_drops_the_agent(string command)
    {
        var session = NewSession();
        await session.SendAsync("remember this");
        var before = await session.GetSnapshotAsync();

        var reset = await session.SendAsync(command);
        var after = await session.GetSnapshotAsync();
        await session.SendAsync("fresh start");

        Assert.Equal("Started a new session.", reset.Reply);
        Assert.Equal((AgentFate.Dropped, AgentDropReason.NewSession), (reset.Agent, reset.DropReason));
        Assert.NotEqual(before.SessionId, after.SessionId);
        Assert.Equal((0, 0, 0L), (after.TranscriptLength, after.TurnCount, after.Usage.TotalTokens));
        Assert.False(after.AgentCached);
        Assert.Equal(1, after.Counters.Dropped(AgentDropReason.NewSession));
        var sent = fixture.Models.Requests.Last(request => request.LastUserText == "fresh start").Messages;
        Assert.Single(sent);
    }

    [Fact]
    public async Task Undo_removes_the_last_exchange_from_the_transcript_and_the_model_context()
    {
        var session = NewSession();
        await session.SendAsync("keep me");
        await session.SendAsync("forget me");

        var undone = await session.SendAsync("/undo");
        await session.SendAsync("next");

        Assert.Equal("Removed your last message (\"forget me\") and its answer.", undone.Reply);
        var transcript = await session.GetTranscriptAsync(10);
        Assert.Equal(["keep me", "re: keep me", "next", "re: next"], transcript.Select(message => message.Text));
        var sent = fixture.Models.Requests.Last(request => request.LastUserText == "next").Messages;
        Assert.DoesNotContain(sent, message => ((string?)message?["content"])?.Contains("forget me", StringComparison.Ordinal) == true);
        Assert.Equal("Nothing to undo.", (await NewSession().SendAsync("/undo")).Reply);
    }

    [Fact]
    public async Task Retry_sends_the_last_message_again_and_keeps_one_copy_of_it()
    {
        var session = NewSession();
        await session.SendAsync("first");
        await session.SendAsync("say it again");

        var retried = await session.SendAsync("/retry");

        Assert.Equal("re: say it again", retried.Reply);
        Assert.Equal(TurnOutcome.Completed, retried.Outcome);
        var transcript = await session.GetTranscriptAsync(10);
        Assert.Equal(["first", "re: first", "say it again", "re: say it again"], transcript.Select(message => message.Text));
        var sent = fixture.Models.Requests.Last(request => request.LastUserText == "say it again").Messages;
        Assert.Equal(3, sent.Count);
        Assert.Equal("Nothing to retry.", (await NewSession().SendAsync("/retry")).Reply);
    }

    [Fact]
    public async Task Stop_with_nothing_running_says_so()
    {
        var result = await NewSession().SendAsync("/stop");

        Assert.Equal(("/stop", "Nothing is running."), (result.Command, result.Reply));
    }
}
