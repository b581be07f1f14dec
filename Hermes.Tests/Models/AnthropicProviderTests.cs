using System.Text.Json.Nodes;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Hosting;
using Hermes.Grains.Models;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static Hermes.Tests.Infrastructure.ProviderSettings;

namespace Hermes.Tests.Models;

/// <summary>The native Anthropic provider (the official SDK's IChatClient) against a scripted Messages API on loopback.</summary>
public sealed class AnthropicProviderTests
{
    [Fact]
    public async Task Tool_calls_round_trip_through_a_real_mcp_server_with_the_usage_counted_for_the_model()
    {
        await using var anthropic = await ScriptedAnthropicServer.StartAsync();
        anthropic.Script("claude", Scripts.CallToolThenQuote("mcp__everything__echo", """{"message":"round trip"}"""));
        await using var cluster = await HermesCluster.StartAsync(
        [
            .. Provider("anthropic", "anthropic", anthropic.BaseUrl, "sk-ant-0001"),
            .. Chain("anthropic:claude"),
            new("Hermes:Agent:SystemPrompt", "You are terse."),
            .. McpServers.Everything("everything", Guid.NewGuid().ToString("N")),
        ]);
        var session = cluster.Session(TestSessions.NewKey());

        var result = await session.SendAsync("echo something");

        Assert.Equal(("The tool said: Echo: round trip", 1, "anthropic:claude"), (result.Reply, result.ToolCalls, result.AnsweredBy));
        Assert.Equal(2, anthropic.RequestsFor("claude"));
        Assert.All(anthropic.Requests, request => Assert.True(request.Stream));
        Assert.Contains("mcp__everything__echo", anthropic.Requests[0].ToolNames);
        var second = anthropic.Bodies[1];
        Assert.Equal("toolu_1", (string?)second["messages"]![2]!["content"]![0]!["tool_use_id"]);
        Assert.Equal([new ModelUsage("anthropic:claude", new TokenUsage(24, 10))], (await session.GetSnapshotAsync()).UsageByModel.ToArray());
        Assert.Equal("You are terse.", (string?)second["system"]![0]!["text"]);
        Assert.Equal("ephemeral", (string?)second["system"]![0]!["cache_control"]?["type"]);
    }

    [Fact]
    public async Task A_whole_answer_and_a_whole_tool_call_are_read_from_the_scripted_server_too()
    {
        await using var anthropic = await ScriptedAnthropicServer.StartAsync();
        anthropic.Script("claude", request => request.LastUserText == "call" ? new ScriptedAnswer.ToolCall("lookup", """{"q":"x"}""") : new ScriptedAnswer.Text("plain answer"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([.. Provider("anthropic", "anthropic", anthropic.BaseUrl, "sk-ant-0001"), .. Chain("anthropic:claude")]).Build();
        await using var services = new ServiceCollection().AddLogging().AddHermesSessions(configuration).BuildServiceProvider();
        using var client = services.GetRequiredService<IModelClientFactory>().CreateClient("anthropic", "claude");

        var text = await client.GetResponseAsync("hello");
        var call = await client.GetResponseAsync("call");

        Assert.Equal("plain answer", text.Text);
        Assert.Equal((12, 5), (text.Usage?.InputTokenCount, text.Usage?.OutputTokenCount));
        var requested = Assert.Single(call.Messages.SelectMany(message => message.Contents).OfType<FunctionCallContent>());
        Assert.Equal(("lookup", "x"), (requested.Name, requested.Arguments?["q"]?.ToString()));
        Assert.All(anthropic.Requests, request => Assert.False(request.Stream));
    }

    [Fact]
    public async Task An_overloaded_error_inside_the_stream_falls_over_to_the_next_model()
    {
        await using var anthropic = await ScriptedAnthropicServer.StartAsync();
        anthropic.Script("claude", _ => new ScriptedAnswer.StreamedError(529, "Overloaded")).Script("haiku", Scripts.Reply("from haiku"));
        await using var cluster = await HermesCluster.StartAsync(
        [
            .. Provider("anthropic", "anthropic", anthropic.BaseUrl, "sk-ant-0001"),
            .. Chain("anthropic:claude", "anthropic:haiku"),
        ]);

        var result = await cluster.Session(TestSessions.NewKey()).SendAsync("hi");

        Assert.Equal(("from haiku", true), (result.Reply, result.FallbackUsed));
        Assert.Equal(1, anthropic.RequestsFor("claude"));
    }
}
