using System.Text.Json;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Sessions;

/// <summary>The model chain's error classes, seen from outside through a real HTTP endpoint.</summary>
public sealed class ModelChainTests
{
    [Fact]
    public async Task A_rate_limited_primary_that_names_its_reset_is_skipped_until_then_and_the_fallback_answers()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("limited", Scripts.RateLimited(retryAfterSeconds: 600)).Script("fallback", Scripts.Reply("from fallback"));
        await using var cluster = await StartAsync(ModelSettings(models, "limited", "fallback"));
        var session = cluster.Session(TestSessions.NewKey());

        var first = await session.SendAsync("hi");
        var second = await session.SendAsync("hi again");

        Assert.Equal(("from fallback", true), (first.Reply, first.FallbackUsed));
        Assert.Equal(("from fallback", true), (second.Reply, second.FallbackUsed));
        Assert.Equal(1, models.RequestsFor("limited"));
        Assert.Contains("key 1 resting until", SessionReports.Status(await session.GetSnapshotAsync()));
    }

    [Fact]
    public async Task A_rate_limit_without_a_reset_time_is_retried_then_the_fallback_answers()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("limited", _ => new ScriptedAnswer.Error(429, "Rate limit reached for requests.", "requests", "rate_limit_exceeded")).Script("fallback", Scripts.Reply("from fallback"));
        await using var cluster = await StartAsync(ModelSettings(models, "limited", "fallback"));

        var result = await cluster.Session(TestSessions.NewKey()).SendAsync("hi");

        Assert.Equal(("from fallback", true), (result.Reply, result.FallbackUsed));
        Assert.Equal(2, models.RequestsFor("limited"));
    }

    [Fact]
    public async Task A_request_too_large_fails_at_once_without_trying_the_fallbacks()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("small-context", Scripts.ContextTooLong()).Script("fallback", Scripts.Reply("never"));
        await using var cluster = await StartAsync(ModelSettings(models, "small-context", "fallback"));

        var result = await cluster.Session(TestSessions.NewKey()).SendAsync("a very long message");

        Assert.Equal(TurnOutcome.Failed, result.Outcome);
        Assert.Equal(ErrorKind.RequestTooLarge, result.Error?.Kind);
        Assert.Contains("maximum context length", result.Reply);
        Assert.Equal(0, models.RequestsFor("fallback"));
        Assert.Equal(AgentFate.Kept, result.Agent);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_a_transient_failure_with_a_clear_reply()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        var deadEndpoint = new UriBuilder(models.BaseUrl) { Port = LoopbackPort.Free() }.Uri;
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "any-model"),
            new("Hermes:Model:BaseUrl", deadEndpoint.ToString()),
        ]);

        var result = await cluster.Session(TestSessions.NewKey()).SendAsync("hello?");

        Assert.Equal(TurnOutcome.Failed, result.Outcome);
        Assert.Equal(ErrorKind.Transient, result.Error?.Kind);
        Assert.Null(result.Error?.HttpStatus);
        Assert.Contains("Could not reach the model endpoint", result.Reply);
    }

    [Fact]
    public async Task With_no_model_configured_a_turn_answers_which_setting_to_fill_and_builds_nothing()
    {
        await using var cluster = await StartAsync([new("Hermes:Model:Primary", "")]);
        var session = cluster.Session(TestSessions.NewKey());

        var result = await session.SendAsync("hello");

        Assert.Equal(TurnOutcome.Failed, result.Outcome);
        Assert.Equal(ErrorKind.NotConfigured, result.Error?.Kind);
        Assert.Contains("Hermes:Model:Primary", result.Reply);
        Assert.Contains("Hermes__Model__Primary", result.Reply);
        Assert.Equal(AgentFate.NotBuilt, result.Agent);
        var snapshot = await session.GetSnapshotAsync();
        Assert.Equal(0, snapshot.Counters.AgentsBuilt);
        Assert.Null(snapshot.ModelInUse);
    }

    [Fact]
    public async Task A_failed_turn_is_kept_for_the_user_but_never_sent_to_the_model_again()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        var failing = true;
        models.Script("flaky", request => failing
            ? new ScriptedAnswer.Error(400, "flaky is not a valid model ID")
            : new ScriptedAnswer.Text($"answer to {request.LastUserText}"));
        await using var cluster = await StartAsync(ModelSettings(models, "flaky"));
        var session = cluster.Session(TestSessions.NewKey());

        var failed = await session.SendAsync("first question");
        failing = false;
        var answered = await session.SendAsync("second question");

        Assert.Equal(TurnOutcome.Failed, failed.Outcome);
        Assert.Equal("answer to second question", answered.Reply);
        var transcript = await session.GetTranscriptAsync(10);
        Assert.Equal(
            [(TranscriptRole.User, "first question"), (TranscriptRole.Notice, failed.Reply), (TranscriptRole.User, "second question"), (TranscriptRole.Assistant, "answer to second question")],
            transcript.Select(message => (message.Role, message.Text)));
        var sentToModel = models.Requests.Last().Messages;
        Assert.Single(sentToModel);
        Assert.Equal("second question", (string?)sentToModel[0]?["content"]);
    }

    [Fact]
    public async Task A_turn_that_fails_after_a_tool_round_still_counts_the_tokens_it_used()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", request => request.LastToolResult is null
            ? new ScriptedAnswer.ToolCall("mcp__everything__echo", """{"message":"x"}""")
            : new ScriptedAnswer.Error(400, "primary is not a valid model ID"));
        await using var cluster = await StartAsync([.. ModelSettings(models, "primary"), .. McpServers.Everything("everything", Guid.NewGuid().ToString("N"))]);
        var session = cluster.Session(TestSessions.NewKey());

        var result = await session.SendAsync("use a tool, then fail");

        Assert.Equal(TurnOutcome.Failed, result.Outcome);
        Assert.Equal((12L, 5L), (result.Usage.InputTokens, result.Usage.OutputTokens));
        Assert.Equal(17, (await session.GetSnapshotAsync()).Usage.TotalTokens);
    }

    [Fact]
    public async Task The_api_key_never_appears_in_what_a_session_exposes()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.Reply("ok"));
        await using var cluster = await StartAsync([.. ModelSettings(models, "primary"), new("Hermes:Model:ApiKey", "sk-secret-never-shown")]);
        var session = cluster.Session(TestSessions.NewKey());

        var result = await session.SendAsync("hi");
        var exposed = JsonSerializer.Serialize(new object[] { result, await session.GetSnapshotAsync(), await session.GetTranscriptAsync(100) });

        Assert.Equal("ok", result.Reply);
        Assert.DoesNotContain("sk-secret-never-shown", exposed);
    }
}
