using Hermes.Contracts.Sessions;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.ProviderSettings;

namespace Hermes.Tests.Models;

/// <summary>A chain across providers, each at its own endpoint with its own keys, seen from outside through real HTTP servers.</summary>
public sealed class ProviderChainTests
{
    [Fact]
    public async Task A_primary_endpoint_that_refuses_connections_falls_over_to_the_next_endpoint_and_is_asked_again_on_the_next_message()
    {
        var downPort = LoopbackPort.Free();
        await using var second = await ScriptedModelServer.StartAsync();
        second.Script("backup", Scripts.EchoUser("second: "));
        await using var cluster = await HermesCluster.StartAsync(
        [
            .. Provider("first", "openai", new Uri($"http://127.0.0.1:{downPort}/v1"), "key-first-000"),
            .. Provider("second", "openai", second.BaseUrl, "key-second-000"),
            .. Chain("first:main", "second:backup"),
        ]);
        var session = cluster.Session(TestSessions.NewKey());

        var fellOver = await session.SendAsync("one");
        await using var first = await ScriptedModelServer.StartAsync(downPort);
        first.Script("main", Scripts.EchoUser("first: "));
        var backOnPrimary = await session.SendAsync("two");

        Assert.Equal(("second: one", true, "second:backup", AgentFate.Dropped), (fellOver.Reply, fellOver.FallbackUsed, fellOver.AnsweredBy, fellOver.Agent));
        Assert.Equal(("first: two", false, "first:main"), (backOnPrimary.Reply, backOnPrimary.FallbackUsed, backOnPrimary.AnsweredBy));
        Assert.Equal(1, first.RequestsFor("main"));
    }

    [Fact]
    public async Task A_capacity_answer_falls_over_and_each_fallback_is_asked_at_its_own_endpoint_with_its_own_key()
    {
        await using var openai = await ScriptedModelServer.StartAsync();
        await using var anthropic = await ScriptedAnthropicServer.StartAsync();
        await using var local = await ScriptedModelServer.StartAsync();
        openai.Script("gpt", _ => new ScriptedAnswer.Error(503, "The engine is currently overloaded, please try again later", "server_error"));
        anthropic.Script("claude", _ => new ScriptedAnswer.Error(529, "Overloaded", Code: "overloaded_error"));
        local.Script("qwen3:8b", Scripts.Reply("from the local model"));
        await using var cluster = await HermesCluster.StartAsync(
        [
            .. Provider("openai", "openai", openai.BaseUrl, "sk-openai-0001"),
            .. Provider("anthropic", "anthropic", anthropic.BaseUrl, "sk-ant-0001"),
            .. Provider("ollama", "openai", local.BaseUrl),
            .. Chain("openai:gpt", "anthropic:claude", "ollama:qwen3:8b"),
        ]);
        var session = cluster.Session(TestSessions.NewKey());

        var result = await session.SendAsync("hello");

        Assert.Equal(("from the local model", true, "ollama", "qwen3:8b"), (result.Reply, result.FallbackUsed, result.ProviderUsed, result.ModelUsed));
        Assert.All(openai.Requests, request => Assert.Equal(("gpt", "Bearer sk-openai-0001"), (request.Model, request.Authorization)));
        Assert.All(anthropic.Requests, request => Assert.Equal(("claude", "Bearer sk-ant-0001"), (request.Model, request.Authorization)));
        Assert.All(local.Requests, request => Assert.Equal(("qwen3:8b", string.Empty), (request.Model, request.Authorization)));
        Assert.Equal((2, 2, 1), (openai.Requests.Count, anthropic.Requests.Count, local.Requests.Count));
        var snapshot = await session.GetSnapshotAsync();
        Assert.Equal([new ModelUsage("ollama:qwen3:8b", new TokenUsage(12, 5))], snapshot.UsageByModel.ToArray());
        var status = SessionReports.Status(snapshot);
        Assert.Contains("Model: openai:gpt, fallbacks anthropic:claude, ollama:qwen3:8b", status);
        Assert.Contains("Last turn: completed on fallback ollama:qwen3:8b", status);
    }

    [Fact]
    public async Task Tokens_are_counted_per_model_when_a_turn_moves_to_a_fallback_half_way()
    {
        await using var openai = await ScriptedModelServer.StartAsync();
        await using var anthropic = await ScriptedAnthropicServer.StartAsync();
        openai.Script("gpt", request => request.LastToolResult is null
            ? new ScriptedAnswer.ToolCall("mcp__everything__echo", """{"message":"x"}""")
            : new ScriptedAnswer.Error(503, "overloaded"));
        anthropic.Script("claude", Scripts.CallToolThenQuote("mcp__everything__echo", """{"message":"x"}"""));
        await using var cluster = await HermesCluster.StartAsync(
        [
            .. Provider("openai", "openai", openai.BaseUrl, "sk-openai-0001"),
            .. Provider("anthropic", "anthropic", anthropic.BaseUrl, "sk-ant-0001"),
            .. Chain("openai:gpt", "anthropic:claude"),
            .. McpServers.Everything("everything", Guid.NewGuid().ToString("N")),
        ]);
        var session = cluster.Session(TestSessions.NewKey());

        var result = await session.SendAsync("use the tool");
        var usage = (await session.SendAsync("/usage")).Reply;

        Assert.Equal(("The tool said: Echo: x", "anthropic:claude", 24L), (result.Reply, result.AnsweredBy, result.Usage.InputTokens));
        Assert.Equal(
            [new ModelUsage("openai:gpt", new TokenUsage(12, 5)), new ModelUsage("anthropic:claude", new TokenUsage(12, 5))],
            (await session.GetSnapshotAsync()).UsageByModel.ToArray());
        Assert.Contains("\n  openai:gpt: 12 in, 5 out\n  anthropic:claude: 12 in, 5 out", usage);
    }

    [Fact]
    public async Task A_content_policy_refusal_stops_the_turn_with_the_reason_and_is_not_sent_to_another_vendor()
    {
        await using var openai = await ScriptedModelServer.StartAsync();
        await using var anthropic = await ScriptedAnthropicServer.StartAsync();
        openai.Script("gpt", _ => new ScriptedAnswer.Error(400, "Your request was rejected as a result of our safety system.", Code: "content_policy_violation"));
        anthropic.Script("claude", Scripts.Reply("never"));
        await using var cluster = await HermesCluster.StartAsync(
        [
            .. Provider("openai", "openai", openai.BaseUrl, "sk-openai-0001"),
            .. Provider("anthropic", "anthropic", anthropic.BaseUrl, "sk-ant-0001"),
            .. Chain("openai:gpt", "anthropic:claude"),
        ]);

        var result = await cluster.Session(TestSessions.NewKey()).SendAsync("something the provider refuses");

        Assert.Equal((TurnOutcome.Failed, ErrorKind.ContentPolicy, AgentFate.Kept), (result.Outcome, result.Error?.Kind, result.Agent));
        Assert.Contains("safety system", result.Reply);
        Assert.Equal(0, anthropic.RequestsFor("claude"));
    }

    [Fact]
    public async Task A_route_that_never_downgrades_fails_with_its_primary_s_reason_instead_of_falling_over()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("main", _ => new ScriptedAnswer.Error(503, "overloaded")).Script("cheap", Scripts.Reply("downgraded"));
        await using var cluster = await HermesCluster.StartAsync(
        [
            .. Provider("p", "openai", models.BaseUrl),
            .. Chain("p:main", "p:cheap"),
            new("Hermes:Model:NeverDowngrade:0", "api:"),
        ]);
        var strict = cluster.Session(SessionKey.ForDm("api", "alice"));
        var relaxed = cluster.Session(SessionKey.ForDm("console", "alice"));

        var refused = await strict.SendAsync("hi");
        var downgraded = await relaxed.SendAsync("hi");

        Assert.Equal((TurnOutcome.Failed, ErrorKind.Capacity), (refused.Outcome, refused.Error?.Kind));
        Assert.Equal(("downgraded", true), (downgraded.Reply, downgraded.FallbackUsed));
        Assert.Contains("never downgraded", SessionReports.Model(await strict.GetSnapshotAsync()));
    }

    [Fact]
    public async Task Model_chooses_a_provider_and_model_for_the_session_which_is_not_a_fallback()
    {
        await using var openai = await ScriptedModelServer.StartAsync();
        await using var anthropic = await ScriptedAnthropicServer.StartAsync();
        openai.Script("gpt", Scripts.Reply("from gpt"));
        anthropic.Script("claude", Scripts.EchoUser("claude: "));
        await using var cluster = await HermesCluster.StartAsync(
        [
            .. Provider("openai", "openai", openai.BaseUrl, "sk-openai-0001"),
            .. Provider("anthropic", "anthropic", anthropic.BaseUrl, "sk-ant-0001"),
            .. Chain("openai:gpt"),
        ]);
        var session = cluster.Session(TestSessions.NewKey());

        var chosen = await session.SendAsync("/model anthropic:claude");
        var answered = await session.SendAsync("hi");

        Assert.Contains("anthropic:claude (chosen for this session)", chosen.Reply);
        Assert.Equal(("claude: hi", false, "anthropic:claude", AgentFate.Kept), (answered.Reply, answered.FallbackUsed, answered.AnsweredBy, answered.Agent));
        Assert.Equal(0, openai.RequestsFor("gpt"));
    }
}
