using System.Collections.Immutable;
using System.Diagnostics;
using Hermes.Grains.Agents;
using Hermes.Grains.Mcp;
using Hermes.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Hermes.Grains.Sessions;

/// <summary>
/// One conversation. Keeps the durable state, a cached agent, and the MCP handles beside the agent (DESIGN §2).
/// </summary>
[GrainType("session")]
public sealed partial class SessionGrain(
    [PersistentState("session", SessionStorage.ProviderName)] IPersistentState<SessionState> state,
    IAgentFactory agents,
    IMcpConnectionPool mcpPool,
    HermesMetrics metrics,
    TimeProvider time,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain
{
    private SessionAgent? _agent;
    private McpSessionHandles? _mcp;

    private SessionState State => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.SessionId.Length == 0)
        {
            State.SessionId = Guid.NewGuid().ToString("N");
            State.CreatedAt = time.GetUtcNow();
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Released first, so that the connections counted on the way are persisted below with the rest.
        await ReleaseMcpAsync();
        if (_agent is not null)
        {
            DropAgent(reason.ReasonCode == DeactivationReasonCode.ShuttingDown ? AgentDropReason.SiloShutdown : AgentDropReason.Deactivated);
            try
            {
                await state.WriteStateAsync(cancellationToken);
            }
            catch (Exception exception)
            {
                // Only a counter is at stake; every turn was persisted when it ended.
                LogDeactivationWriteFailed(exception, this.GetPrimaryKeyString());
            }
        }
    }

    public async Task<TurnResult> SendAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var started = Stopwatch.GetTimestamp();
        var blueprint = agents.Describe(State.ModelOverride);
        if (blueprint is null)
        {
            return await RecordAsync(text, AgentTurn.Failed([TurnReplies.NotConfigured], new(), 0), AgentFate.NotBuilt, null, null, started);
        }

        TimeSpan? buildTime;
        try
        {
            buildTime = await EnsureAgentAsync(blueprint, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await RecordAsync(text, AgentTurn.Interrupted(new(), 0), AgentFate.NotBuilt, null, null, started);
        }

        var agent = _agent!;
        var turn = await agent.RunAsync(TranscriptMapper.ToModelContext(State.Transcript), text, cancellationToken);
        var dropReason = AgentEvictionPolicy.Decide(turn.Outcome, turn.Models.FallbackUsed);
        if (dropReason is { } reason)
        {
            DropAgent(reason);
        }

        return await RecordAsync(text, turn, dropReason is null ? AgentFate.Kept : AgentFate.Dropped, dropReason, buildTime, started);
    }

    public Task<SessionSnapshot> GetSnapshotAsync() => Task.FromResult(new SessionSnapshot(
        this.GetPrimaryKeyString(),
        State.SessionId,
        State.Transcript.Count,
        State.TurnCount,
        agents.Describe(State.ModelOverride)?.Primary,
        State.LastTurn,
        State.Counters,
        _agent is not null,
        State.Usage,
        _mcp?.Servers ?? []));

    public Task<ImmutableArray<TranscriptMessage>> GetTranscriptAsync(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Task.FromResult(State.Transcript.TakeLast(count).ToImmutableArray());
    }

    /// <summary>Makes sure a current agent is cached; returns the time spent building one, or null when the cached one fits.</summary>
    private async Task<TimeSpan?> EnsureAgentAsync(AgentBlueprint blueprint, CancellationToken cancellationToken)
    {
        var configurationChanged = (_agent is not null && _agent.Blueprint.Signature != blueprint.Signature)
            || (_mcp is not null && _mcp.ConfigurationSignature != mcpPool.ConfigurationSignature);
        if (configurationChanged && _agent is not null)
        {
            DropAgent(AgentDropReason.ConfigurationChanged);
        }

        if (_mcp is not null && _mcp.ConfigurationSignature != mcpPool.ConfigurationSignature)
        {
            await ReleaseMcpAsync();
        }

        var started = Stopwatch.GetTimestamp();
        if (_mcp is null)
        {
            _mcp = await mcpPool.OpenAsync(this.GetPrimaryKeyString(), cancellationToken);
            _agent?.UseMcp(_mcp);
        }
        else
        {
            // A server that failed to connect is tried again each turn, as often as its backoff allows.
            await _mcp.ConnectPendingAsync(cancellationToken);
        }

        State.Counters = State.Counters.WithMcpConnectionsOpened(_mcp.TakeConnectionsOpened());
        if (_agent is not null)
        {
            return null;
        }

        _agent = agents.Create(blueprint, _mcp);
        State.Counters = State.Counters.WithAgentBuilt();
        metrics.AgentCreated();
        return Stopwatch.GetElapsedTime(started);
    }

    private void DropAgent(AgentDropReason reason)
    {
        _agent?.Dispose();
        _agent = null;
        State.Counters = State.Counters.WithAgentDropped(reason);
        metrics.AgentDropped(reason);
    }

    private async Task ReleaseMcpAsync()
    {
        if (_mcp is { } handles)
        {
            _mcp = null;
            State.Counters = State.Counters.WithMcpConnectionsOpened(handles.TakeConnectionsOpened());
            await handles.DisposeAsync();
        }
    }

    /// <summary>Appends the turn to the transcript and persists it before the reply goes back to the caller.</summary>
    private async Task<TurnResult> RecordAsync(string userText, AgentTurn turn, AgentFate fate, AgentDropReason? dropReason, TimeSpan? buildTime, long started)
    {
        var now = time.GetUtcNow();
        var number = State.TurnCount + 1;
        var completed = turn.Outcome == TurnOutcome.Completed;
        var error = turn.Errors.Count > 0 ? turn.Errors[0] : null;
        var reply = turn.Outcome switch
        {
            TurnOutcome.Completed => turn.Reply,
            TurnOutcome.Failed => TurnReplies.ForFailure(turn.Errors),
            _ => TurnReplies.Interrupted,
        };

        State.Transcript.Add(new TranscriptMessage(TranscriptRole.User, userText, number, now, [], null, InModelContext: completed));
        if (completed)
        {
            State.Transcript.AddRange(TranscriptMapper.FromTurn(turn.Messages, number, now));
        }
        else
        {
            State.Transcript.Add(new TranscriptMessage(TranscriptRole.Notice, reply, number, now, [], null, InModelContext: false));
        }

        State.TurnCount = number;
        State.Usage = State.Usage.Add(turn.Usage);
        State.LastActivityAt = now;
        State.LastTurn = new TurnSummary(number, turn.Outcome, turn.Models.ModelUsed, turn.Models.FallbackUsed, error, now);
        await state.WriteStateAsync();

        var duration = Stopwatch.GetElapsedTime(started);
        RecordMetrics(turn, duration);
        return new TurnResult(
            number, turn.Outcome, reply, turn.Models.ModelUsed, turn.Models.FallbackUsed, error,
            turn.Models.ApiCalls, turn.ToolCalls, turn.Usage, fate, dropReason, duration, buildTime);
    }

    private void RecordMetrics(AgentTurn turn, TimeSpan duration)
    {
        metrics.TurnFinished(turn.Outcome, duration);
        foreach (var modelError in turn.Models.Errors)
        {
            metrics.ModelError(modelError);
        }

        if (turn.Models.FallbackUsed && turn.Models.ModelUsed is { } model)
        {
            metrics.FallbackActivated(model);
        }
    }

    public async Task<ImmutableArray<McpServerStatus>> ReloadMcpAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        if (_mcp is { } handles)
        {
            State.Counters = State.Counters.WithMcpConnectionsOpened(handles.TakeConnectionsOpened());
            _mcp = null;
            _mcp = await mcpPool.ReopenAsync(handles, key, cancellationToken);
        }
        else
        {
            _mcp = await mcpPool.OpenAsync(key, cancellationToken);
        }

        State.Counters = State.Counters.WithMcpConnectionsOpened(_mcp.TakeConnectionsOpened());
        _agent?.UseMcp(_mcp);
        await state.WriteStateAsync(cancellationToken);
        return _mcp.Servers;
    }

    public async Task ReleaseAsync()
    {
        if (_agent is not null)
        {
            DropAgent(AgentDropReason.Released);
        }

        await ReleaseMcpAsync();
        await state.WriteStateAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {Session} could not persist its counters while deactivating")]
    private partial void LogDeactivationWriteFailed(Exception exception, string session);
}
