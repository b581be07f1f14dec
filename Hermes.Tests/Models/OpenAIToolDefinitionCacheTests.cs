using System.ClientModel;
using System.ComponentModel;
using Hermes.Grains.Models;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Hermes.Tests.Models;

/// <summary>Tools converted once per tool: what reaches the wire is what Microsoft.Extensions.AI's OpenAI client would send.</summary>
public sealed class OpenAIToolDefinitionCacheTests
{
    [Fact]
    public async Task Every_call_offers_the_tools_with_their_schemas_and_the_tool_choice_its_options_ask_for()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Script("model", Scripts.Reply("fine"));
        using var client = new OpenAIToolDefinitionCache(new OpenAIClient(new ApiKeyCredential("key-000000"), new OpenAIClientOptions { Endpoint = server.BaseUrl })
            .GetChatClient("model").AsIChatClient());
        var weather = AIFunctionFactory.Create(([Description("The city")] string city) => "sunny", "weather", "Tells the weather");
        var time = AIFunctionFactory.Create(() => "noon", "time", "Tells the time");

        await client.GetResponseAsync("one", new ChatOptions { Tools = [weather, time] });
        await foreach (var _ in client.GetStreamingResponseAsync("two", new ChatOptions { Tools = [weather, time], ToolMode = ChatToolMode.RequireSpecific("time") }))
        {
        }

        await client.GetResponseAsync("three", new ChatOptions());

        var (first, second, third) = (server.Requests[0].Body!, server.Requests[1].Body!, server.Requests[2].Body!);
        Assert.Equal(["weather", "time"], server.Requests[0].ToolNames);
        Assert.Equal(["weather", "time"], server.Requests[1].ToolNames);
        Assert.Equal("Tells the weather", (string?)first["tools"]![0]!["function"]!["description"]);
        Assert.Equal("string", (string?)first["tools"]![0]!["function"]!["parameters"]!["properties"]!["city"]!["type"]);
        Assert.Equal(first["tools"]!.ToJsonString(), second["tools"]!.ToJsonString());
        Assert.Equal("auto", (string?)first["tool_choice"]);
        Assert.Equal("time", (string?)second["tool_choice"]!["function"]!["name"]);
        Assert.Null(third["tools"]);
    }

    [Fact]
    public async Task Options_are_not_changed_for_the_callers_above()
    {
        var seen = new List<ChatOptions?>();
        using var client = new OpenAIToolDefinitionCache(new TestChatClient
        {
            GetStreamingResponseAsyncCallback = (_, options, _) =>
            {
                seen.Add(options);
                return TestChatClient.Stream(new ChatResponseUpdate(ChatRole.Assistant, "noon"));
            },
        });
        var tool = AIFunctionFactory.Create(() => "noon", "time");
        var options = new ChatOptions { Tools = [tool] };

        await foreach (var _ in client.GetStreamingResponseAsync("one", options))
        {
        }


        Assert.Equal([tool], options.Tools);
        Assert.Null(options.RawRepresentationFactory);
        Assert.Null(seen.Single()!.Tools);
        Assert.NotNull(seen.Single()!.RawRepresentationFactory);
    }
}
