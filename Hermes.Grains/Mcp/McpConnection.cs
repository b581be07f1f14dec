using System.Collections.Immutable;
using Hermes.Contracts.Mcp;
using Hermes.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Hermes.Grains.Mcp;

/// <summary>
/// The pool's lasting connection to one MCP server, for one session or (shared) for the whole silo. It outlives the SDK
/// sessions it opens: a session's server starts on the first call of one of its tools (unless configured to start with the
/// session), is closed by the pool when it has been idle, and starts again on the next call; a server that died is started
/// again on its next use, no sooner than the configuration's <see cref="McpStartCircuit"/> allows. The tools it offers keep
/// working for the agents that hold them throughout.
/// </summary>
public sealed partial class McpConnection
{
    private readonly McpServerConnector _connector;
    private readonly McpStartCircuit _circuit;
    private readonly McpToolCatalogue _catalogue;
    private readonly bool _listsOnly;
    private readonly HermesMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly McpCallDeadlines _deadlines;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Admits calls (counted from before their server starts) and decides idle stops one at a time, so that a process is
    // never closed under a call that has begun.
    private readonly Lock _usage = new();
    private readonly Lock _toolsLock = new();
    private volatile McpLiveClient? _live;
    private ImmutableArray<Tool> _ownTools = [];
    private ImmutableArray<Tool> _functionsSource;
    private ImmutableArray<McpToolFunction> _functions = [];
    private volatile bool _everConnected;
    private volatile bool _lost;
    private volatile bool _closed;
    private volatile string? _lastError;
    private int _connectionsOpened;
    private int _reconnects;
    private int _callsAdmitted;
    private int _callsInFlight;
    private long _lastUsedTicks;

    /// <param name="listsOnly">A connection the pool opens only to list a configuration's tools: not a session's, and not counted as one.</param>
    internal McpConnection(
        string serverName,
        McpServerOptions options,
        McpServerScope scope,
        string configurationSignature,
        McpServerConnector connector,
        McpStartCircuit circuit,
        McpToolCatalogue catalogue,
        bool listsOnly,
        HermesMetrics metrics,
        TimeProvider time,
        ILogger logger)
    {
        ServerName = serverName;
        Options = options;
        Scope = scope;
        ConfigurationSignature = configurationSignature;
        _connector = connector;
        _circuit = circuit;
        _catalogue = catalogue;
        _listsOnly = listsOnly;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _lastUsedTicks = time.GetUtcNow().UtcTicks;
        _deadlines = new McpCallDeadlines(options.CallTimeout, time);
    }

    public string ServerName { get; }

    public McpServerOptions Options { get; }

    public McpServerScope Scope { get; }

    /// <summary>The signature of this server's settings: connections alike share a tool list and a start circuit.</summary>
    public string ConfigurationSignature { get; }

    /// <summary>True for a session's server that starts on the first call of a tool, whose tools the silo's catalogue gives until then.</summary>
    public bool StartsOnFirstCall => Scope == McpServerScope.Session && Options.Start == McpServerStart.OnFirstCall && !_listsOnly;

    /// <summary>
    /// The server's tools as the model sees them: for a server that starts on first call, the configuration's list known to
    /// the silo; otherwise the list this connection got, kept while it reconnects.
    /// </summary>
    public ImmutableArray<McpToolFunction> Tools
    {
        get
        {
            var source = StartsOnFirstCall ? _catalogue.ToolsOf(ConfigurationSignature) ?? [] : _ownTools;
            lock (_toolsLock)
            {
                if (source != _functionsSource)
                {
                    _functions = [.. source.Select(tool => new McpToolFunction(this, tool))];
                    _functionsSource = source;
                }

                return _functions;
            }
        }
    }

    /// <summary>Connections opened so far, reconnects and restarts after an idle close included.</summary>
    public int ConnectionsOpened => Volatile.Read(ref _connectionsOpened);

    /// <summary>True while an SDK session is open and its server runs.</summary>
    public bool IsLive => Running is not null;

    /// <summary>True while an SDK session is open (whether or not its process still runs: that takes a look at <c>/proc</c>).</summary>
    internal bool HoldsSession => _live is not null;

    /// <summary>The open session, when its server still runs: a call takes it as it is, without waiting for anything.</summary>
    private McpLiveClient? Running => _live is { IsAlive: true } live ? live : null;

    /// <summary>The SDK's client of the open session: what the benchmark calls directly to measure what a call through the connection adds.</summary>
    internal McpClient? SdkClient => _live?.Client;

    /// <summary>The mark of the process tree behind the open session, for a stdio server.</summary>
    internal string? ProcessMarker => _live?.ProcessMarker;

    /// <summary>When a call last began or ended (or the server last started).</summary>
    public DateTimeOffset LastUsed => new(Volatile.Read(ref _lastUsedTicks), TimeSpan.Zero);

    /// <summary>Tool calls sent to the server and not answered yet.</summary>
    public int CallsInFlight => Volatile.Read(ref _callsInFlight);

    public McpServerStatus Status
    {
        get
        {
            var live = _live;
            var alive = live?.IsAlive == true;
            var toolsKnown = StartsOnFirstCall ? _catalogue.ToolsOf(ConfigurationSignature) is not null : _everConnected;
            var error = alive ? null : _lastError ?? (toolsKnown ? null : _catalogue.ErrorOf(ConfigurationSignature));
            var state = alive ? McpServerState.Connected
                : !toolsKnown ? (error is null ? McpServerState.Idle : McpServerState.Failed)
                : _lastError is null ? McpServerState.Idle : McpServerState.Disconnected;
            return new McpServerStatus(
                ServerName,
                Options.Transport,
                state,
                Tools.Length,
                error,
                Scope,
                alive ? live!.ProcessId : null,
                ConnectionsOpened,
                Volatile.Read(ref _reconnects),
                _circuit.Failures,
                alive ? null : _circuit.RetryAt,
                CallsInFlight);
        }
    }

    /// <summary>
    /// Calls a tool by the server's own name, starting the server first when it is not running (as its start circuit
    /// allows). The server's <c>timeout</c> bounds the call. A call in flight when the server dies fails, and is never sent
    /// again: tools need not be idempotent.
    /// </summary>
    /// <exception cref="McpServerUnavailableException">The server cannot be started now, or went down during the call.</exception>
    /// <exception cref="TimeoutException">The server did not answer within its <c>timeout</c>.</exception>
    public async Task<CallToolResult> CallToolAsync(string toolName, IReadOnlyDictionary<string, object?>? arguments, CancellationToken cancellationToken)
    {
        McpLiveClient? live = null;
        lock (_usage)
        {
            _callsAdmitted++;
            Touch();
        }

        try
        {
            // A start has its own bound (connect_timeout); the call's timeout counts from when the server can answer. The
            // start belongs to the session, not to the call that asked for it: a call that stops waiting (its turn was
            // interrupted) leaves the server starting for the next call instead of killing it half-way.
            live = Running ?? await GetLiveClientAsync(force: false, CancellationToken.None).WaitAsync(cancellationToken);
            var deadline = _deadlines.Start();
            var stopped = cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), deadline);
            Interlocked.Increment(ref _callsInFlight);
            try
            {
                var result = await live.Client.CallToolAsync(toolName, arguments, cancellationToken: deadline.Token);
                live.HasServed = true;
                return result;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"MCP server '{ServerName}' did not answer within {Options.TimeoutSeconds:0.#} s.");
            }
            finally
            {
                Interlocked.Decrement(ref _callsInFlight);

                // Unregistered first: once it returns, the caller's token can no longer cancel a deadline handed on.
                stopped.Dispose();
                _deadlines.Return(deadline);
            }
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or TimeoutException) && live is not null && IsTransportFailure(exception, live))
        {
            var reason = McpFailureReason.Describe(exception, Options.Transport);
            await DiscardAsync(live, reason);
            throw new McpServerUnavailableException(
                $"MCP server '{ServerName}' went away during the call ({reason}); it is reconnected on next use.", exception);
        }
        finally
        {
            lock (_usage)
            {
                _callsAdmitted--;
                Touch();
            }
        }
    }

    /// <summary>
    /// Makes the server's tools known for a turn. A server that starts on first call only needs its configuration listed
    /// (once per silo); one that starts with the session is connected if it never was. Either happens as the start circuit
    /// allows; failures show in <see cref="Status"/>.
    /// </summary>
    internal async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (_closed)
        {
            return;
        }

        if (StartsOnFirstCall)
        {
            await _catalogue.EnsureListedAsync(ServerName, Options, ConfigurationSignature, cancellationToken);
            return;
        }

        if (_everConnected)
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

    /// <summary>Starts the server, as its start circuit allows, to learn its tools; the pool closes a listing connection afterwards.</summary>
    internal async Task ListAsync(CancellationToken cancellationToken)
    {
        try
        {
            await GetLiveClientAsync(force: false, cancellationToken);
        }
        catch (McpServerUnavailableException)
        {
            // Recorded in the catalogue; sessions see the server as failed.
        }
    }

    /// <summary>Lists the server's tools again, starting it now (whatever the backoff says) when it is not running.</summary>
    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var live = await GetLiveClientAsync(force: true, cancellationToken);
            await RecordToolsAsync(live.Client, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A failed start is in the status already; a failed listing keeps the tools known before.
            _lastError ??= McpFailureReason.Describe(exception, Options.Transport);
        }
    }

    /// <summary>
    /// Closes the server's process if no call is in flight and none began after <paramref name="usedBefore"/> (any time when
    /// null); the next call starts it again. Returns true when it closed one.
    /// </summary>
    /// <param name="wait">
    /// False when the caller itself holds another connection's gate (it is starting a server): a connection busy starting or
    /// stopping is then passed over rather than waited for, so that two starts never wait for each other.
    /// </param>
    internal async Task<bool> StopIfUnusedAsync(DateTimeOffset? usedBefore, bool wait)
    {
        if (_live is null)
        {
            return false;
        }

        McpLiveClient? live;
        if (!await _gate.WaitAsync(wait ? Timeout.Infinite : 0))
        {
            return false;
        }

        try
        {
            lock (_usage)
            {
                live = _live;
                if (live is null || _callsAdmitted > 0 || (usedBefore is { } before && LastUsed > before))
                {
                    return false;
                }

                _live = null;
            }
        }
        finally
        {
            _gate.Release();
        }

        if (!_listsOnly)
        {
            _metrics.McpConnectionClosed(ServerName);
        }

        await ShutDownAsync(live);
        return true;
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
            if (!_listsOnly)
            {
                _metrics.McpConnectionClosed(ServerName);
            }
        }
    }

    private async Task<McpLiveClient> GetLiveClientAsync(bool force, CancellationToken cancellationToken)
    {
        if (Running is { } current)
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

            return await ConnectLockedAsync(force, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<McpLiveClient> ConnectLockedAsync(bool force, CancellationToken cancellationToken)
    {
        if (await _circuit.EnterAsync(force, cancellationToken) is { } retryAt)
        {
            var wait = retryAt - _time.GetUtcNow();
            var reason = _lastError ?? _catalogue.ErrorOf(ConfigurationSignature) ?? "its last start failed";
            throw new McpServerUnavailableException(
                $"MCP server '{ServerName}' is unavailable ({reason}); the next attempt to reach it is in {Math.Max(wait.TotalSeconds, 0):0.#} s.");
        }

        McpLiveClient live;
        try
        {
            live = await _connector.ConnectAsync(ServerName, Options, RelistAsync, cancellationToken);
        }
        catch (McpStartRefusedException refused)
        {
            _circuit.Abandoned();
            _lastError = refused.Message;
            throw new McpServerUnavailableException($"MCP server '{ServerName}' could not be started: {refused.Message}.", refused);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            _circuit.Failed();
            var reason = McpFailureReason.Describe(exception, Options.Transport);
            _lastError = reason;
            _catalogue.RecordFailure(ConfigurationSignature, reason);
            _metrics.McpConnectFailed(ServerName);
            LogConnectFailed(exception, ServerName, reason, _circuit.RetryAt);
            if (McpFailureReason.StandardErrorOf(exception) is { } standardError)
            {
                // Debug only: what a server prints is its own, and may hold its secrets.
                LogServerStandardError(ServerName, standardError);
            }

            throw new McpServerUnavailableException($"MCP server '{ServerName}' could not be reached: {reason}.", exception);
        }
        catch
        {
            _circuit.Abandoned();
            throw;
        }

        _circuit.Succeeded();
        var reconnect = _lost;
        _live = live;
        _ownTools = live.Tools;
        _catalogue.Record(ConfigurationSignature, live.Tools);
        _everConnected = true;
        _lost = false;
        _lastError = null;
        Touch();
        if (!_listsOnly)
        {
            Interlocked.Increment(ref _connectionsOpened);
            _metrics.McpConnectionOpened(ServerName, Options.Transport);
            if (reconnect)
            {
                Interlocked.Increment(ref _reconnects);
                _metrics.McpReconnected(ServerName);
            }
        }

        LogConnected(ServerName, Scope, live.ProcessId, live.Tools.Length);
        return live;
    }

    // Lists the tools of an open session and makes them known: to this connection, and to the silo for its configuration.
    private async Task RecordToolsAsync(McpClient client, CancellationToken cancellationToken)
    {
        var tools = await client.ListToolsAsync(cancellationToken: cancellationToken);
        ImmutableArray<Tool> offered = [.. tools.Select(tool => tool.ProtocolTool).Where(tool => Options.Offers(tool.Name))];
        if (_live?.Client == client)
        {
            _ownTools = offered;
        }

        _catalogue.Record(ConfigurationSignature, offered);
        LogToolsListed(ServerName, offered.Length);
    }

    // The server announced notifications/tools/list_changed.
    private async Task RelistAsync(McpClient client)
    {
        try
        {
            await RecordToolsAsync(client, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The tools known before stay; the next start lists them again.
            LogRelistFailed(exception, ServerName);
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
        _lost = true;
        _circuit.Lost(live.HasServed);
        if (!_listsOnly)
        {
            _metrics.McpConnectionClosed(ServerName);
        }

        LogServerLost(ServerName, reason);
        await ShutDownAsync(live);
    }

    private void Touch() => Volatile.Write(ref _lastUsedTicks, _time.GetUtcNow().UtcTicks);

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
        finally
        {
            live.Dispose();
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "MCP server {Server} announced a changed tool list that could not be read")]
    private partial void LogRelistFailed(Exception exception, string server);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MCP server {Server} listed {ToolCount} tools")]
    private partial void LogToolsListed(string server, int toolCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server} did not shut down cleanly")]
    private partial void LogShutdownFailed(Exception exception, string server);
}
