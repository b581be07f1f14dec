using System.Collections.Immutable;
using Hermes.Contracts.Mcp;
using Hermes.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace Hermes.Grains.Mcp;

/// <summary>
/// The pool's lasting connection to one MCP server, for one session or (shared) for the whole silo. It outlives the SDK
/// sessions it opens: when the server dies, the next use opens a new one, no sooner than <see cref="McpReconnectBackoff"/>
/// allows, and the tools it offered keep working for the agents that hold them.
/// </summary>
public sealed partial class McpConnection
{
    private readonly McpServerConnector _connector;
    private readonly McpReconnectBackoff _backoff;
    private readonly HermesMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile McpLiveClient? _live;
    private ImmutableArray<McpToolFunction> _tools = [];
    private volatile bool _everConnected;
    private volatile bool _closed;
    private volatile string? _lastError;
    private int _connectionsOpened;
    private int _reconnects;
    private int _connectFailures;
    private int _callsInFlight;

    internal McpConnection(
        string serverName,
        McpServerOptions options,
        McpServerScope scope,
        McpServerConnector connector,
        McpReconnectBackoff backoff,
        HermesMetrics metrics,
        TimeProvider time,
        ILogger logger)
    {
        ServerName = serverName;
        Options = options;
        Scope = scope;
        _connector = connector;
        _backoff = backoff;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    public string ServerName { get; }

    public McpServerOptions Options { get; }

    public McpServerScope Scope { get; }

    /// <summary>The server's tools as the model sees them; known since the first connection and kept while it reconnects.</summary>
    public ImmutableArray<McpToolFunction> Tools => _tools;

    /// <summary>Connections opened so far, reconnects included.</summary>
    public int ConnectionsOpened => Volatile.Read(ref _connectionsOpened);

    /// <summary>True while an SDK session is open and its server runs.</summary>
    public bool IsLive => _live?.IsAlive == true;

    public McpServerStatus Status
    {
        get
        {
            var live = _live;
            var alive = live?.IsAlive == true;
            var state = alive ? McpServerState.Connected : _everConnected ? McpServerState.Disconnected : McpServerState.Failed;
            return new McpServerStatus(
                ServerName,
                Options.Transport,
                state,
                _tools.Length,
                alive ? null : _lastError,
                Scope,
                alive ? live!.ProcessId : null,
                ConnectionsOpened,
                Volatile.Read(ref _reconnects),
                Volatile.Read(ref _connectFailures),
                alive ? null : _backoff.RetryAt,
                Volatile.Read(ref _callsInFlight));
        }
    }

    /// <summary>
    /// Calls a tool by the server's own name. The server's <c>timeout</c> bounds the call; a dead server is reconnected first
    /// when the backoff allows. A call in flight when the server dies fails, and is never sent again: tools need not be idempotent.
    /// </summary>
    /// <exception cref="McpServerUnavailableException">The server is down, or went down during the call.</exception>
    /// <exception cref="TimeoutException">The server did not answer within its <c>timeout</c>.</exception>
    public async Task<CallToolResult> CallToolAsync(string toolName, IReadOnlyDictionary<string, object?>? arguments, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Options.CallTimeout);
        McpLiveClient? live = null;
        Interlocked.Increment(ref _callsInFlight);
        try
        {
            live = await GetLiveClientAsync(force: false, deadline.Token);
            var result = await live.Client.CallToolAsync(toolName, arguments, cancellationToken: deadline.Token);
            live.HasServed = true;
            _backoff.RecordSuccess();
            return result;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"MCP server '{ServerName}' did not answer within {Options.TimeoutSeconds:0.#} s.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException && live is not null && IsTransportFailure(exception, live))
        {
            var reason = McpFailureReason.Describe(exception, Options.Transport);
            await DiscardAsync(live, reason);
            throw new McpServerUnavailableException(
                $"MCP server '{ServerName}' went away during the call ({reason}); it is reconnected on next use.", exception);
        }
        finally
        {
            Interlocked.Decrement(ref _callsInFlight);
        }
    }

    /// <summary>Connects a server whose tools are not known yet (never connected), when the backoff allows; failures show in <see cref="Status"/>.</summary>
    internal async Task ConnectIfNeverConnectedAsync(CancellationToken cancellationToken)
    {
        if (_everConnected || _closed || !_backoff.MayAttempt(_time.GetUtcNow()))
        {
            return;
        }

        try
        {
            await GetLiveClientAsync(force: false, cancellationToken);
        }
        catch (McpServerUnavailableException)
        {
            // Recorded in the status; the turn goes on without this server's tools.
        }
    }

    /// <summary>Lists the server's tools again, reconnecting it now (whatever the backoff says) when it is down.</summary>
    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var live = await GetLiveClientAsync(force: true, cancellationToken);
            var tools = await live.Client.ListToolsAsync(cancellationToken: cancellationToken);
            _tools = [.. tools.Select(tool => tool.ProtocolTool).Where(tool => Options.Offers(tool.Name)).Select(tool => new McpToolFunction(this, tool))];
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A failed reconnect is in the status already; a failed listing keeps the tools known before.
            _lastError ??= McpFailureReason.Describe(exception, Options.Transport);
        }
    }

    /// <summary>Closes the SDK session and kills the server's process tree; the connection is not used again.</summary>
    internal async Task CloseAsync()
    {
        McpLiveClient? live;
        await _gate.WaitAsync();
        try
        {
            _closed = true;
            live = _live;
            _live = null;
        }
        finally
        {
            _gate.Release();
        }

        if (live is not null)
        {
            await ShutDownAsync(live);
            _metrics.McpConnectionClosed(ServerName);
        }
    }

    private async Task<McpLiveClient> GetLiveClientAsync(bool force, CancellationToken cancellationToken)
    {
        if (_live is { IsAlive: true } current)
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_live is { } live)
            {
                if (live.IsAlive)
                {
                    return live;
                }

                await DiscardLockedAsync(live, "the server process exited");
            }

            if (_closed)
            {
                throw new McpServerUnavailableException($"MCP server '{ServerName}' was released by this session.");
            }

            if (!force && _backoff.RetryAt is { } retryAt && _time.GetUtcNow() < retryAt)
            {
                var wait = retryAt - _time.GetUtcNow();
                throw new McpServerUnavailableException(
                    $"MCP server '{ServerName}' is unavailable ({_lastError}); the next attempt to reach it is in {Math.Max(wait.TotalSeconds, 0):0.#} s.");
            }

            return await ConnectLockedAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<McpLiveClient> ConnectLockedAsync(CancellationToken cancellationToken)
    {
        var reconnect = _everConnected;
        try
        {
            var live = await _connector.ConnectAsync(ServerName, Options, cancellationToken);
            _live = live;
            _tools = [.. live.Tools.Select(tool => new McpToolFunction(this, tool))];
            _everConnected = true;
            _lastError = null;
            Interlocked.Increment(ref _connectionsOpened);
            _metrics.McpConnectionOpened(ServerName, Options.Transport);
            if (reconnect)
            {
                Interlocked.Increment(ref _reconnects);
                _metrics.McpReconnected(ServerName);
            }

            LogConnected(ServerName, Scope, live.ProcessId, _tools.Length);
            return live;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = McpFailureReason.Describe(exception, Options.Transport);
            _lastError = reason;
            Interlocked.Increment(ref _connectFailures);
            _backoff.RecordFailure(_time.GetUtcNow(), diedAfterServing: false);
            _metrics.McpConnectFailed(ServerName);
            LogConnectFailed(exception, ServerName, reason, _backoff.RetryAt);
            if (McpFailureReason.StandardErrorOf(exception) is { } standardError)
            {
                // Debug only: what a server prints is its own, and may hold its secrets.
                LogServerStandardError(ServerName, standardError);
            }

            throw new McpServerUnavailableException($"MCP server '{ServerName}' could not be reached: {reason}.", exception);
        }
    }

    private async Task DiscardAsync(McpLiveClient live, string reason)
    {
        await _gate.WaitAsync();
        try
        {
            // Several calls may notice one death; only the first counts it.
            if (ReferenceEquals(_live, live))
            {
                await DiscardLockedAsync(live, reason);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task DiscardLockedAsync(McpLiveClient live, string reason)
    {
        _live = null;
        _lastError = reason;
        _backoff.RecordFailure(_time.GetUtcNow(), live.HasServed);
        _metrics.McpConnectionClosed(ServerName);
        LogServerLost(ServerName, reason);
        await ShutDownAsync(live);
    }

    // Closes stdin and lets the server exit on its own; once its root process has gone (or the SDK's shutdown wait is over),
    // whatever is left of its tree is killed. A grandchild holding the pipes would otherwise keep the SDK waiting, then live on.
    private async Task ShutDownAsync(McpLiveClient live)
    {
        var disposal = live.Client.DisposeAsync().AsTask();
        if (live.ProcessMarker is { } marker)
        {
            while (!disposal.IsCompleted && (live.ProcessId is not { } pid || ProcessTable.IsRunning(pid)))
            {
                await Task.WhenAny(disposal, Task.Delay(TimeSpan.FromMilliseconds(10)));
            }

            await McpProcessTracker.ReapAsync(marker);
        }

        try
        {
            await disposal;
        }
        catch (Exception exception)
        {
            LogShutdownFailed(exception, ServerName);
        }
    }

    private static bool IsTransportFailure(Exception exception, McpLiveClient live) =>
        exception is IOException or HttpRequestException or ObjectDisposedException || !live.IsAlive;

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server {Server} ({Scope}) connected, process {ProcessId}, {ToolCount} tools")]
    private partial void LogConnected(string server, McpServerScope scope, int? processId, int toolCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server} failed to connect: {Reason}; next attempt not before {RetryAt}")]
    private partial void LogConnectFailed(Exception exception, string server, string reason, DateTimeOffset? retryAt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MCP server {Server} wrote before it exited: {StandardError}")]
    private partial void LogServerStandardError(string server, string standardError);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server} went away: {Reason}")]
    private partial void LogServerLost(string server, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server} did not shut down cleanly")]
    private partial void LogShutdownFailed(Exception exception, string server);
}
