using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Sessions;

/// <summary>Turn progress streamed from the grain, and streamed model answers that are in truth errors.</summary>
public sealed class StreamingTests
{
    [Fact]
    public async Task A_streamed_turn_yields_text_deltas_before_its_result()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", _ => new ScriptedAnswer.Text("one two three four", TimeSpan.FromMilliseconds(20)));
        await using var cluster = await StartAsync(ModelSettings(models, "primary"));

        var updates = await cluster.Session(TestSessions.NewKey()).StreamAsync("count").ToListAsync();

        var finished = Assert.IsType<TurnFinished>(updates[^1]);
        var deltas = updates[..^1].Cast<TextDelta>().ToArray();
        Assert.True(deltas.Length >= 4, $"only {deltas.Length} deltas");
        Assert.Equal("one two three four", string.Concat(deltas.Select(delta => delta.Text)));
        Assert.Equal(("one two three four", TurnOutcome.Completed), (finished.Result.Reply, finished.Result.Outcome));
    }

    [Fact]
    public async Task Tool_calls_are_streamed_as_they_start_and_finish()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("tool-user", Scripts.CallToolThenQuote("mcp__everything__echo", """{"message":"streamed"}"""));
        await using var cluster = await StartAsync([.. ModelSettings(models, "tool-user"), .. McpServers.Everything("everything", Guid.NewGuid().ToString("N"))]);

        var updates = await cluster.Session(TestSessions.NewKey()).StreamAsync("use a tool").ToListAsync();

        var started = Assert.Single(updates.OfType<ToolCallStarted>());
        var finished = Assert.Single(updates.OfType<ToolCallFinished>());
        Assert.Equal(("mcp__everything__echo", """{"message":"streamed"}"""), (started.ToolName, started.ArgumentsJson));
        Assert.Equal((started.CallId, "Echo: streamed", false), (finished.CallId, finished.Summary, finished.Failed));
        Assert.True(updates.IndexOf(started) < updates.IndexOf(finished));
        Assert.Equal("The tool said: Echo: streamed", Assert.IsType<TurnFinished>(updates[^1]).Result.Reply);
    }

    [Fact]
    public async Task An_error_event_in_a_200_stream_falls_back_exactly_like_a_400()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("bad", _ => new ScriptedAnswer.StreamedError(400, "bad is not a valid model ID")).Script("good", Scripts.Reply("from the fallback"));
        await using var cluster = await StartAsync(ModelSettings(models, "bad", "good"));
        var session = cluster.Session(TestSessions.NewKey());

        var result = await session.SendAsync("hello");

        Assert.Equal(("from the fallback", "good", true), (result.Reply, result.ModelUsed, result.FallbackUsed));
        Assert.Equal((AgentFate.Dropped, AgentDropReason.FallbackSucceeded), (result.Agent, result.DropReason));
        Assert.Equal(1, models.RequestsFor("bad"));
    }

    [Fact]
    public async Task An_error_event_with_no_working_fallback_fails_the_turn_with_that_error_and_keeps_the_agent()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("bad", _ => new ScriptedAnswer.StreamedError(400, "bad is not a valid model ID"));
        await using var cluster = await StartAsync(ModelSettings(models, "bad"));
        var session = cluster.Session(TestSessions.NewKey());

        var first = await session.SendAsync("hello");
        var second = await session.SendAsync("hello again");

        Assert.Equal(TurnOutcome.Failed, first.Outcome);
        Assert.Equal((ErrorKind.ModelUnavailable, 400, "bad is not a valid model ID"), (first.Error?.Kind, first.Error?.HttpStatus, first.Error?.Message));
        Assert.Contains("bad is not a valid model ID", first.Reply);
        Assert.Equal((AgentFate.Kept, AgentFate.Kept), (first.Agent, second.Agent));
        Assert.Equal(1, (await session.GetSnapshotAsync()).Counters.AgentsBuilt);
    }

    [Fact]
    public async Task A_stream_that_ends_with_nothing_is_a_failed_call_not_an_empty_answer()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("silent", _ => new ScriptedAnswer.EmptyStream()).Script("good", Scripts.Reply("said something"));
        await using var cluster = await StartAsync([.. ModelSettings(models, "silent", "good"), new("Hermes:Model:MaxRetries", "0")]);

        var result = await cluster.Session(TestSessions.NewKey()).SendAsync("hello");

        Assert.Equal(("said something", true), (result.Reply, result.FallbackUsed));
    }

    [Fact]
    public async Task Leaving_a_stream_early_cancels_the_turn_and_the_model_request()
    {
        await using var slow = await SlowReplies.StartAsync();
        var session = slow.Cluster.Session(TestSessions.NewKey());

        await foreach (var update in session.StreamAsync("start talking"))
        {
            if (update is TextDelta)
            {
                break;
            }
        }

        var request = await slow.Models.WaitForRequestAsync(SlowReplies.Model);
        await request.Aborted.WaitAsync(TimeSpan.FromSeconds(10));
        var snapshot = await TestSessions.WhenIdleAsync(session);
        Assert.Equal(TurnOutcome.Interrupted, snapshot.LastTurn?.Outcome);
    }

    [Fact]
    public async Task A_grain_deactivated_during_a_streamed_turn_lets_it_finish_and_records_it_once()
    {
        await using var slow = await SlowReplies.StartAsync();
        slow.Models.Script(SlowReplies.Model, SlowReplies.Script(words: 10));
        var session = slow.Cluster.Session(TestSessions.NewKey());

        await using var updates = session.StreamAsync("talk while I leave").GetAsyncEnumerator();
        while (await updates.MoveNextAsync() && updates.Current is not TextDelta)
        {
        }

        await slow.Cluster.Cluster.DeactivateAsync((IAddressable)session);
        var snapshot = await TestSessions.WhenIdleAsync(session);
        var transcript = await session.GetTranscriptAsync(10);

        Assert.Equal(1, snapshot.TurnCount);
        Assert.Equal(TranscriptRole.User, transcript[0].Role);
        Assert.Equal(2, transcript.Length);
        Assert.Contains(snapshot.LastTurn?.Outcome, new TurnOutcome?[] { TurnOutcome.Completed, TurnOutcome.Interrupted });
    }
}
