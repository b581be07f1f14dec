using Hermes.Contracts.Sessions;
using Hermes.Grains.Agents;
using Hermes.Grains.Mcp;
using Hermes.Grains.Models;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Hermes.Tests.Models;

/// <summary>
/// An agent as the silo builds it (agent factory, shared model clients, the declared pipeline), over stub models: what its
/// turns report is what the eviction rule decides on.
/// </summary>
public sealed class SessionAgentTests
{
    [Fact]
    public async Task A_turn_that_fell_back_says_so_and_the_next_turn_starts_on_the_primary_again()
    {
        var primaryDown = true;
        var primary = new TestChatClient
        {
            GetStreamingResponseAsyncCallback = (_, _, _) => primaryDown
                ? TestChatClient.Stream(new ModelStreamException(400, null, "primary is not a valid model ID"))
                : TestChatClient.Stream(new ChatResponseUpdate(ChatRole.Assistant, "from the primary") { FinishReason = ChatFinishReason.Stop }),
        };
        await using var silo = Silo(("primary", primary), ("fallback", TestChatClient.Answering("from the fallback")));
        using var agent = silo.Agent();

        var fellBack = await agent.RunAsync([], "first", report: null, CancellationToken.None);
        primaryDown = false;
        var next = await agent.RunAsync([], "second", report: null, CancellationToken.None);

        Assert.Equal(("from the fallback", "fallback", true), (fellBack.Reply, fellBack.Models.ModelUsed, fellBack.Models.FallbackUsed));
        Assert.Equal(AgentDropReason.FallbackSucceeded, AgentEvictionPolicy.Decide(fellBack.Outcome, fellBack.Models.FallbackUsed));
        Assert.Equal(("from the primary", "primary", false), (next.Reply, next.Models.ModelUsed, next.Models.FallbackUsed));
        Assert.Null(AgentEvictionPolicy.Decide(next.Outcome, next.Models.FallbackUsed));
    }

    [Fact]
    public async Task A_turn_whose_every_model_failed_is_failed_with_each_error_and_keeps_the_agent()
    {
        await using var silo = Silo(
            ("bad-primary", TestChatClient.Failing(new ModelStreamException(400, null, "bad-primary is not a valid model ID"))),
            ("bad-fallback", TestChatClient.Failing(new ModelStreamException(500, null, "Internal error"))));
        using var agent = silo.Agent();

        var turn = await agent.RunAsync([], "hello", report: null, CancellationToken.None);

        Assert.Equal(TurnOutcome.Failed, turn.Outcome);
        Assert.Equal([ErrorKind.ModelUnavailable, ErrorKind.Transient], turn.Errors.Select(error => error.Kind));
        Assert.Equal((2, false), (turn.Models.ApiCalls, turn.Models.FallbackUsed));
        Assert.Null(AgentEvictionPolicy.Decide(turn.Outcome, turn.Models.FallbackUsed));
    }

    [Fact]
    public async Task A_stopped_turn_is_interrupted_and_streamed_what_came_before_the_stop()
    {
        using var stop = new CancellationTokenSource();
        var talker = new TestChatClient
        {
            GetStreamingResponseAsyncCallback = (_, _, token) => TestChatClient.Stream(
                [new ChatResponseUpdate(ChatRole.Assistant, "one"), new ChatResponseUpdate(ChatRole.Assistant, " two")], cancellationToken: token),
        };
        await using var silo = Silo(("talker", talker), ("fallback", TestChatClient.Answering("never")));
        using var agent = silo.Agent();
        var reported = new List<TurnUpdate>();

        var turn = await agent.RunAsync([], "talk", update =>
        {
            reported.Add(update);
            stop.Cancel();
        }, stop.Token);

        Assert.Equal(TurnOutcome.Interrupted, turn.Outcome);
        Assert.Equal([new TextDelta("one")], reported);
        Assert.Empty(turn.Errors);
    }

    private static StubSilo Silo(params (string Model, TestChatClient Client)[] models) => new(models);

    /// <summary>The silo's agent registrations with the stub models in place of the provider, and no MCP server.</summary>
    private sealed class StubSilo : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        public StubSilo((string Model, TestChatClient Client)[] models)
        {
            var clients = models.ToDictionary(model => model.Model, model => (IChatClient)model.Client);
            var services = new ServiceCollection().AddLogging();
            services.AddOptions<ModelOptions>().Configure(options =>
            {
                options.Primary = models[0].Model;
                options.Fallbacks = [.. models.Skip(1).Select(model => model.Model)];
            });
            services.AddOptions<AgentOptions>();
            services.AddSingleton<IModelClientFactory>(new StubModels(clients));
            services.AddSingleton<SharedModelClients>();
            services.AddSingleton<ModelCatalogMonitor>();
            services.AddSingleton<CredentialPools>();
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton(Redactors.None);
            services.AddSingleton<IAgentFactory, AgentFactory>();
            _services = services.BuildServiceProvider();
        }

        public SessionAgent Agent()
        {
            var agents = _services.GetRequiredService<IAgentFactory>();
            return agents.Create(agents.Describe(modelOverride: null)!, new McpSessionHandles(_ => Task.CompletedTask, "none", []));
        }

        public ValueTask DisposeAsync() => _services.DisposeAsync();
    }

    private sealed class StubModels(Dictionary<string, IChatClient> clients) : IModelClientFactory
    {
        public IChatClient CreateClient(string modelId) => clients[modelId];
    }
}
