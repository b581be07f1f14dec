using System.Diagnostics.Metrics;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.ServiceDefaults.Telemetry;

namespace Hermes.Grains.Telemetry;

/// <summary>The instruments of the <c>Hermes</c> meter (DESIGN §5).</summary>
public sealed class HermesMetrics
{
    /// <summary>The histogram of session state writes, in seconds.</summary>
    public const string StateWriteDurationName = "hermes.session.state_write.duration";

    private readonly Meter _meter;
    private readonly Counter<long> _turns;
    private readonly Histogram<double> _turnDuration;
    private readonly Counter<long> _agentsCreated;
    private readonly Counter<long> _agentsDropped;
    private readonly Counter<long> _fallbackActivations;
    private readonly Counter<long> _modelErrors;
    private readonly Counter<long> _mcpConnectionsOpened;
    private readonly UpDownCounter<long> _mcpConnectionsLive;
    private readonly Counter<long> _mcpConnectFailures;
    private readonly Histogram<double> _stateWriteDuration;
    private readonly Counter<long> _mcpReconnects;
    private readonly UpDownCounter<long> _mcpHandles;

    public HermesMetrics(IMeterFactory meterFactory)
    {
        var meter = _meter = meterFactory.Create(HermesTelemetry.Name);
        _turns = meter.CreateCounter<long>("hermes.turns", "{turn}", "Turns finished, by outcome.");
        _turnDuration = meter.CreateHistogram<double>("hermes.turn.duration", "s", "Wall time of a turn inside its grain.");
        _agentsCreated = meter.CreateCounter<long>("hermes.agents.created", "{agent}", "Agents built by session grains.");
        _agentsDropped = meter.CreateCounter<long>("hermes.agents.dropped", "{agent}", "Cached agents dropped, by reason.");
        _fallbackActivations = meter.CreateCounter<long>("hermes.model.fallback_activations", "{turn}", "Turns answered by a fallback model.");
        _modelErrors = meter.CreateCounter<long>("hermes.model.errors", "{error}", "Failed model calls, by error class.");
        _mcpConnectionsOpened = meter.CreateCounter<long>("hermes.mcp.connections.opened", "{connection}", "MCP connections opened, by server.");
        _mcpConnectionsLive = meter.CreateUpDownCounter<long>("hermes.mcp.connections.live", "{connection}", "MCP connections open now, by server.");
        _mcpConnectFailures = meter.CreateCounter<long>("hermes.mcp.connect_failures", "{failure}", "MCP servers that failed to connect, by server.");
        _stateWriteDuration = meter.CreateHistogram<double>(StateWriteDurationName, "s", "Time to persist a session's state.");
        _mcpReconnects = meter.CreateCounter<long>("hermes.mcp.reconnects", "{connection}", "MCP connections opened again after their server went away, by server.");
        _mcpHandles = meter.CreateUpDownCounter<long>("hermes.mcp.handles", "{handle}", "MCP handles held by sessions now, by server and scope.");
    }

    public void TurnFinished(TurnOutcome outcome, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome.ToString());
        _turns.Add(1, tag);
        _turnDuration.Record(duration.TotalSeconds, tag);
    }

    public void AgentCreated() => _agentsCreated.Add(1);

    public void StateWritten(TimeSpan duration) => _stateWriteDuration.Record(duration.TotalSeconds);

    public void AgentDropped(AgentDropReason reason) => _agentsDropped.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));

    public void FallbackActivated(string model) => _fallbackActivations.Add(1, new KeyValuePair<string, object?>("model", model));

    public void ModelError(TurnError error) => _modelErrors.Add(
        1,
        new KeyValuePair<string, object?>("class", error.Kind.ToString()),
        new KeyValuePair<string, object?>("model", error.Model));

    public void McpConnectionOpened(string server, McpTransportKind transport)
    {
        var serverTag = new KeyValuePair<string, object?>("server", server);
        _mcpConnectionsOpened.Add(1, serverTag, new KeyValuePair<string, object?>("transport", transport.ToString()));
        _mcpConnectionsLive.Add(1, serverTag);
    }

    public void McpConnectionClosed(string server) => _mcpConnectionsLive.Add(-1, new KeyValuePair<string, object?>("server", server));

    public void McpConnectFailed(string server) => _mcpConnectFailures.Add(1, new KeyValuePair<string, object?>("server", server));

    public void McpReconnected(string server) => _mcpReconnects.Add(1, new KeyValuePair<string, object?>("server", server));

    public void McpHandleOpened(string server, McpServerScope scope) => McpHandlesChanged(1, server, scope);

    public void McpHandleReleased(string server, McpServerScope scope) => McpHandlesChanged(-1, server, scope);

    /// <summary>Publishes <c>hermes.mcp.processes.live</c>, read from the pool when the meter is collected.</summary>
    public void ObserveMcpProcesses(Func<int> runningProcesses) =>
        _meter.CreateObservableGauge("hermes.mcp.processes.live", runningProcesses, "{process}", "Processes started by the MCP pool that run now, descendants included.");

    private void McpHandlesChanged(int delta, string server, McpServerScope scope) => _mcpHandles.Add(
        delta,
        new KeyValuePair<string, object?>("server", server),
        new KeyValuePair<string, object?>("scope", scope.ToString()));
}
