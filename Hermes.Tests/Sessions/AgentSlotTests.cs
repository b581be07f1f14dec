using System.Collections.Immutable;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Agents;
using Hermes.Grains.Hosting;
using Hermes.Grains.Mcp;
using Hermes.Grains.Models;
using Hermes.Grains.Sessions;
using Hermes.Grains.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hermes.Tests.Sessions;

/// <summary>The agent slot over the real agent factory (no model is called) and a pool whose opening the test holds.</summary>
public sealed class AgentSlotTests : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly HeldMcpPool _pool = new();
    private readonly SessionState _state = new();
    private readonly AgentSlot _slot;
    private readonly IAgentFactory _agents;

    public AgentSlotTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hermes:Model:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["Hermes:Model:Primary"] = "primary",
        }).Build();
        _services = new ServiceCollection().AddLogging().AddHermesSessions(configuration).BuildServiceProvider();
        _agents = _services.GetRequiredService<IAgentFactory>();
        _slot = new AgentSlot(_agents, _pool, _services.GetRequiredService<HermesMetrics>(), "test:dm:1", () => _state);
    }

    private AgentBlueprint Blueprint(string? model = null) => _agents.Describe(model)!;

    [Fact]
    public async Task A_turn_that_stops_waiting_for_its_MCP_servers_leaves_them_opening_for_the_next_turn()
    {
        using var interrupted = new CancellationTokenSource();
        var first = _slot.PrepareAsync(Blueprint(), interrupted.Token);
        await interrupted.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(_pool.OpenToken.IsCancellationRequested);

        var second = _slot.PrepareAsync(Blueprint(), CancellationToken.None);
        _pool.Open.SetResult();
        var (agent, buildTime) = await second;

        Assert.NotNull(agent);
        Assert.NotNull(buildTime);
        Assert.Equal(1, _pool.Opened);
        Assert.Equal(1, _state.Counters.AgentsBuilt);
        var (_, cached) = await _slot.PrepareAsync(Blueprint(), CancellationToken.None);
        Assert.Null(cached);
        Assert.Equal(1, _pool.Opened);
    }

    [Fact]
    public async Task Releasing_while_the_servers_open_waits_for_them_then_releases_them()
    {
        using var interrupted = new CancellationTokenSource();
        var first = _slot.PrepareAsync(Blueprint(), interrupted.Token);
        await interrupted.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        var releasing = _slot.ReleaseMcpAsync();
        Assert.False(releasing.IsCompleted);
        _pool.Open.SetResult();
        await releasing;

        Assert.Equal((1, 1), (_pool.Opened, _pool.Released));
        Assert.Empty(_slot.Servers);
    }

    [Fact]
    public async Task Dropping_counts_a_cached_agent_once_under_its_reason_and_keeps_the_MCP_handles()
    {
        _pool.Open.SetResult();
        await _slot.PrepareAsync(Blueprint(), CancellationToken.None);

        Assert.Equal(AgentDropReason.ModelChanged, _slot.Drop(AgentDropReason.ModelChanged));
        Assert.Null(_slot.Drop(AgentDropReason.ModelChanged));

        Assert.False(_slot.HasAgent);
        Assert.Equal(AgentFate.NotBuilt, _slot.Fate);
        Assert.Equal(1, _state.Counters.Dropped(AgentDropReason.ModelChanged));
        Assert.Equal(0, _pool.Released);
        await _slot.PrepareAsync(Blueprint(), CancellationToken.None);
        Assert.Equal((1, 2), (_pool.Opened, _state.Counters.AgentsBuilt));
    }

    [Fact]
    public async Task The_eviction_rule_keeps_the_agent_after_an_interrupted_or_failed_turn()
    {
        _pool.Open.SetResult();
        await _slot.PrepareAsync(Blueprint(), CancellationToken.None);

        Assert.Null(_slot.Settle(AgentTurn.Interrupted(new ModelTurnLog(), 0, TokenUsage.None)));
        Assert.Null(_slot.Settle(AgentTurn.Failed([new TurnError(ErrorKind.Transient, "busy")], new ModelTurnLog(), 0, TokenUsage.None)));

        Assert.Equal(AgentFate.Kept, _slot.Fate);
        Assert.Equal(0, _state.Counters.TotalAgentsDropped);
    }

    [Fact]
    public async Task Another_blueprint_rebuilds_the_agent_as_a_configuration_change_on_the_same_MCP_handles()
    {
        _pool.Open.SetResult();
        await _slot.PrepareAsync(Blueprint(), CancellationToken.None);

        var (agent, buildTime) = await _slot.PrepareAsync(Blueprint("other"), CancellationToken.None);

        Assert.Equal("other", agent.Blueprint.Primary);
        Assert.NotNull(buildTime);
        Assert.Equal(1, _state.Counters.Dropped(AgentDropReason.ConfigurationChanged));
        Assert.Equal((1, 0), (_pool.Opened, _pool.Released));
    }

    [Fact]
    public async Task Closing_drops_the_agent_under_the_given_reason_and_releases_the_handles()
    {
        _pool.Open.SetResult();
        await _slot.PrepareAsync(Blueprint(), CancellationToken.None);

        await _slot.CloseAsync(AgentDropReason.Deactivated, CancellationToken.None);

        Assert.Equal(1, _state.Counters.Dropped(AgentDropReason.Deactivated));
        Assert.Equal(1, _pool.Released);
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 1)]
    public async Task Starting_over_drops_the_agent_as_a_new_session_and_releases_the_handles_only_when_configured(bool releaseMcp, int released)
    {
        _pool.Open.SetResult();
        await _slot.PrepareAsync(Blueprint(), CancellationToken.None);

        Assert.Equal(AgentDropReason.NewSession, await _slot.StartOverAsync(releaseMcp));

        Assert.Equal((1, released), (_state.Counters.Dropped(AgentDropReason.NewSession), _pool.Released));
        Assert.Null(await _slot.StartOverAsync(releaseMcp));
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    /// <summary>A pool with no servers whose opening completes when the test says so.</summary>
    private sealed class HeldMcpPool : IMcpConnectionPool
    {
        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken OpenToken { get; private set; }

        public int Opened { get; private set; }

        public int Released { get; private set; }

        public int LiveConnections => 0;

        public int RunningProcesses => 0;

        public string ConfigurationSignature => "none";

        public async Task<McpSessionHandles> OpenAsync(string sessionKey, CancellationToken cancellationToken)
        {
            Opened++;
            OpenToken = cancellationToken;
            await Open.Task.WaitAsync(cancellationToken);
            return new McpSessionHandles(
                _ =>
                {
                    Released++;
                    return Task.CompletedTask;
                },
                ConfigurationSignature,
                ImmutableArray<McpConnection>.Empty);
        }

        public async Task<McpSessionHandles> ReopenAsync(McpSessionHandles handles, string sessionKey, CancellationToken cancellationToken)
        {
            await handles.DisposeAsync();
            return await OpenAsync(sessionKey, cancellationToken);
        }
    }
}
