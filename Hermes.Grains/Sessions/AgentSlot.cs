using System.Collections.Immutable;
using System.Diagnostics;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Agents;
using Hermes.Grains.Mcp;
using Hermes.Grains.Telemetry;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Sessions;

/// <summary>
/// What a session keeps alive beside its durable state (DESIGN §2): the cached agent, and the MCP handles held beside it
/// so that a rebuilt agent reuses them. It builds the agent when a turn needs one, applies the eviction rule after each
/// turn, drops the agent for every other reason, and counts all of it in the session's counters and the Hermes meter.
/// </summary>
/// <remarks>
/// The MCP handles belong to the session, not to the turn that happened to open them: opening and connecting run on the
/// slot's own lifetime, and a turn only waits for them. A turn interrupted while its servers start leaves them starting
/// for the next turn instead of killing them. Used only from its grain's scheduler, so it needs no locks.
/// </remarks>
public sealed class AgentSlot(IAgentFactory agents, IMcpConnectionPool mcpPool, HermesMetrics metrics, string sessionKey, Func<SessionState> state)
{
    // What MCP openings run on, made by the first one and let go with the handles, so that an idle session keeps neither.
    private CancellationTokenSource? _lifetime;
    private SessionAgent? _agent;
    private McpSessionHandles? _mcp;

    // The opening, connecting or reopening of the MCP handles under way, if any; the next one starts after it.
    private Task<McpSessionHandles>? _connecting;

    public bool HasAgent => _agent is not null;

    /// <summary>What a result says about the agent when the work did not touch it.</summary>
    public AgentFate Fate => HasAgent ? AgentFate.Kept : AgentFate.NotBuilt;

    /// <summary>The session's MCP servers as they are now; empty before the first turn opened them.</summary>
    public ImmutableArray<McpServerStatus> Servers => _mcp?.Servers ?? [];

    /// <summary>The session's MCP tools as they are now; empty before the first turn opened the servers.</summary>
    public ImmutableArray<AITool> Tools => _mcp?.Tools ?? [];

    /// <summary>
    /// Makes sure a cached agent fits <paramref name="blueprint"/> and the session's MCP configuration, and that its MCP
    /// servers are connected where their backoff allows; builds the agent when none is cached.
    /// </summary>
    /// <returns>The agent, and the time spent building it (null when the cached one fits).</returns>
    /// <exception cref="OperationCanceledException">The turn stopped waiting; the MCP work goes on for the next turn.</exception>
    public async Task<(SessionAgent Agent, TimeSpan? BuildTime)> PrepareAsync(AgentBlueprint blueprint, CancellationToken cancellationToken)
    {
        var mcpStale = _mcp is not null && _mcp.ConfigurationSignature != mcpPool.ConfigurationSignature;
        if (mcpStale || _agent?.Blueprint.Signature != blueprint.Signature)
        {
            Drop(AgentDropReason.ConfigurationChanged);
        }

        if (mcpStale)
        {
            await ReleaseMcpAsync();
        }

        var started = Stopwatch.GetTimestamp();
        var mcp = await ConnectAsync(cancellationToken);
        if (_agent is not null)
        {
            return (_agent, null);
        }

        _agent = agents.Create(blueprint, mcp);
        Count(state().Counters.WithAgentBuilt());
        metrics.AgentCreated();
        return (_agent, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Closes the books on a finished turn: counts the MCP connections its tool calls opened (servers start on their first
    /// call), then applies the eviction rule; returns why the agent was dropped, or null when it is kept.
    /// </summary>
    public AgentDropReason? Settle(AgentTurn turn)
    {
        if (_mcp is { } handles)
        {
            CountConnections(handles);
        }

        return AgentEvictionPolicy.Decide(turn.Outcome, turn.Models.FallbackUsed) is { } reason ? Drop(reason) : null;
    }

    /// <summary>Drops the cached agent, if any, counted under <paramref name="reason"/>; the MCP handles stay.</summary>
    /// <returns><paramref name="reason"/> when an agent was dropped; null when none was cached.</returns>
    public AgentDropReason? Drop(AgentDropReason reason)
    {
        if (_agent is not { } agent)
        {
            return null;
        }

        agent.Dispose();
        _agent = null;
        Count(state().Counters.WithAgentDropped(reason));
        metrics.AgentDropped(reason);
        return reason;
    }

    /// <summary>
    /// Reopens the session's MCP handles (its own servers restart; shared ones list their tools again) and hands the cached
    /// agent the new tool list without rebuilding it.
    /// </summary>
    public async Task<ImmutableArray<McpServerStatus>> ReloadMcpAsync(CancellationToken cancellationToken)
    {
        var previous = _connecting;
        _connecting = ReopenAsync(previous);
        var reopened = await _connecting.WaitAsync(cancellationToken);
        return reopened.Servers;
    }

    /// <summary>A new conversation: drops the agent (as <see cref="AgentDropReason.NewSession"/>) and, when so configured, releases the MCP handles.</summary>
    /// <returns>The drop, if an agent was cached.</returns>
    public async Task<AgentDropReason?> StartOverAsync(bool releaseMcp)
    {
        var dropped = Drop(AgentDropReason.NewSession);
        if (releaseMcp)
        {
            await ReleaseMcpAsync();
        }

        return dropped;
    }

    /// <summary>Operator action: drops the agent (as <see cref="AgentDropReason.Released"/>) and releases the MCP handles; returns the drop, if any.</summary>
    public async Task<AgentDropReason?> ReleaseAsync()
    {
        var dropped = Drop(AgentDropReason.Released);
        await ReleaseMcpAsync();
        return dropped;
    }

    /// <summary>Releases the MCP handles (once any opening under way has ended); the next turn opens new ones.</summary>
    public async Task ReleaseMcpAsync()
    {
        await SettleConnectingAsync(CancellationToken.None);

        // The ended opening holds the handles as its result: let go of both.
        _connecting = null;
        if (_mcp is { } handles)
        {
            _mcp = null;
            CountConnections(handles);
            await handles.DisposeAsync();
        }

        _lifetime?.Dispose();
        _lifetime = null;
    }

    /// <summary>
    /// Ends the slot with its activation: an MCP opening under way gets until <paramref name="patience"/> runs out, then
    /// the handles are released and the agent dropped under <paramref name="reason"/>.
    /// </summary>
    public async Task CloseAsync(AgentDropReason reason, CancellationToken patience)
    {
        await SettleConnectingAsync(patience);
        await ReleaseMcpAsync();
        Drop(reason);
    }

    private CancellationToken Lifetime => (_lifetime ??= new()).Token;

    private Task<McpSessionHandles> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connecting is not { IsCompleted: false })
        {
            _connecting = ConnectOnLifetimeAsync();
        }

        return _connecting.WaitAsync(cancellationToken);
    }

    private async Task<McpSessionHandles> ConnectOnLifetimeAsync()
    {
        if (_mcp is null)
        {
            _mcp = await mcpPool.OpenAsync(sessionKey, Lifetime);
            _agent?.UseMcp(_mcp);
        }
        else
        {
            // A server that failed to connect is tried again each turn, as often as its backoff allows.
            await _mcp.ConnectPendingAsync(Lifetime);
        }

        CountConnections(_mcp);
        return _mcp;
    }

    private async Task<McpSessionHandles> ReopenAsync(Task? previous)
    {
        if (previous is not null)
        {
            await SettleAsync(previous);
        }

        if (_mcp is { } handles)
        {
            CountConnections(handles);
            _mcp = null;
            _mcp = await mcpPool.ReopenAsync(handles, sessionKey, Lifetime);
        }
        else
        {
            _mcp = await mcpPool.OpenAsync(sessionKey, Lifetime);
        }

        CountConnections(_mcp);
        _agent?.UseMcp(_mcp);
        return _mcp;
    }

    private async Task SettleConnectingAsync(CancellationToken patience)
    {
        if (_connecting is not { IsCompleted: false } connecting)
        {
            return;
        }

        try
        {
            await connecting.WaitAsync(patience);
        }
        catch (OperationCanceledException) when (patience.IsCancellationRequested)
        {
            // Out of time: the pool closes whatever the abandoned opening had started.
            await (_lifetime ??= new()).CancelAsync();
        }

        await SettleAsync(connecting);
    }

    // The outcome of an opening only matters to the turn that waited for it: what it opened is in _mcp, or was closed.
    private static async Task SettleAsync(Task opening)
    {
        try
        {
            await opening;
        }
        catch (Exception)
        {
        }
    }

    private void CountConnections(McpSessionHandles handles) => Count(state().Counters.WithMcpConnectionsOpened(handles.TakeConnectionsOpened()));

    private void Count(SessionCounters counters) => state().Counters = counters;
}
