using System.Collections.Concurrent;
using System.Collections.Immutable;
using Hermes.Contracts.Mcp;
using Hermes.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hermes.Grains.Mcp;

/// <summary>
/// Owns every MCP connection of the silo and every process behind one. A session-scoped server gets a connection per
/// session, closed (process tree and all) when the session releases its handles; a shared server gets one connection per
/// silo, closed once no session has held it for <see cref="McpOptions.SharedIdleTimeout"/>. When the host stops, whatever
/// is still open is closed and every process tree the pool started is killed: a grain's deactivation is best effort, so
/// it cannot be the only safety net.
/// </summary>
public sealed partial class McpConnectionPool : IMcpConnectionPool, IAsyncDisposable
{
    private readonly IOptionsMonitor<McpOptions> _options;
    private readonly HermesMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly McpProcessTracker _processes = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly McpServerConnector _connector;

    // Every connection not closed yet, session and shared alike.
    private readonly ConcurrentDictionary<McpConnection, byte> _open = new();
    private readonly Dictionary<string, SharedMcpConnection> _shared = new(StringComparer.Ordinal);
    private readonly Lock _sharedLock = new();
    private int _closedAll;

    public McpConnectionPool(IOptionsMonitor<McpOptions> options, HermesMetrics metrics, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _options = options;
        _metrics = metrics;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<McpConnectionPool>();
        _connector = new McpServerConnector(_processes, () => _options.CurrentValue.MaxProcesses, loggerFactory, _stopping.Token);
        metrics.ObserveMcpProcesses(_processes.CountRunning);
    }

    public int LiveConnections => _open.Keys.Count(connection => connection.IsLive);

    public int RunningProcesses => _processes.CountRunning();

    public string ConfigurationSignature => McpConfigurationSignature.Of(_options.CurrentValue);

    public async Task<McpSessionHandles> OpenAsync(string sessionKey, CancellationToken cancellationToken)
    {
        var settings = _options.CurrentValue;
        var connections = settings.Servers
            .Where(server => server.Value.Enabled)
            .OrderBy(server => server.Key, StringComparer.Ordinal)
            .Select(server => server.Value.Scope == McpServerScope.Shared
                ? LeaseShared(server.Key, server.Value, settings)
                : Open(server.Key, server.Value, McpServerScope.Session, settings))
            .ToImmutableArray();
        foreach (var connection in connections)
        {
            _metrics.McpHandleOpened(connection.ServerName, connection.Scope);
        }

        var handles = new McpSessionHandles(ReleaseAsync, McpConfigurationSignature.Of(settings), connections);
        try
        {
            await handles.ConnectPendingAsync(cancellationToken);
        }
        catch
        {
            await handles.DisposeAsync();
            throw;
        }

        LogOpened(sessionKey, connections.Length, connections.Count(connection => connection.IsLive));
        return handles;
    }

    public async Task<McpSessionHandles> ReopenAsync(McpSessionHandles handles, string sessionKey, CancellationToken cancellationToken)
    {
        // Released first: the session's own servers never run twice, and a shared one keeps its connection because the
        // new lease arrives long before its idle timer could fire.
        await handles.DisposeAsync();
        var reopened = await OpenAsync(sessionKey, cancellationToken);
        await Task.WhenAll(reopened.Connections
            .Where(connection => connection.Scope == McpServerScope.Shared)
            .Select(connection => connection.RefreshAsync(cancellationToken)));
        return reopened;
    }

    /// <summary>Kills the servers that Hermes hosts no longer running left behind (a crashed silo's, say).</summary>
    public Task<int> ReapOrphansAsync() => _processes.ReapOrphansAsync();

    /// <summary>Closes every connection and kills every process tree the pool started; no server starts afterwards.</summary>
    public async Task CloseAllAsync()
    {
        if (Interlocked.Exchange(ref _closedAll, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        lock (_sharedLock)
        {
            foreach (var entry in _shared.Values)
            {
                entry.IdleTimer?.Dispose();
            }

            _shared.Clear();
        }

        var remaining = _open.Keys.ToArray();
        if (remaining.Length > 0)
        {
            LogClosingAtShutdown(remaining.Length);
        }

        await Task.WhenAll(remaining.Select(CloseAsync));
        var survivors = await _processes.ReapAllAsync();
        if (survivors > 0)
        {
            LogKilledSurvivors(survivors);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAllAsync();
        _stopping.Dispose();
    }

    private McpConnection Open(string name, McpServerOptions server, McpServerScope scope, McpOptions settings)
    {
        var connection = new McpConnection(
            name,
            server,
            scope,
            _connector,
            new McpReconnectBackoff(settings.ReconnectBaseDelay, settings.ReconnectMaxDelay),
            _metrics,
            _time,
            _loggerFactory.CreateLogger<McpConnection>());
        _open[connection] = 0;
        return connection;
    }

    private McpConnection LeaseShared(string name, McpServerOptions server, McpOptions settings)
    {
        var key = SharedKey(name, server);
        lock (_sharedLock)
        {
            if (!_shared.TryGetValue(key, out var entry))
            {
                entry = new SharedMcpConnection(key, Open(name, server, McpServerScope.Shared, settings));
                _shared[key] = entry;
            }

            entry.Leases++;
            entry.IdleTimer?.Dispose();
            entry.IdleTimer = null;
            return entry.Connection;
        }
    }

    private async Task ReleaseAsync(ImmutableArray<McpConnection> connections)
    {
        var closing = new List<McpConnection>();
        foreach (var connection in connections)
        {
            _metrics.McpHandleReleased(connection.ServerName, connection.Scope);
            if (connection.Scope == McpServerScope.Session || ReleaseShared(connection))
            {
                closing.Add(connection);
            }
        }

        await Task.WhenAll(closing.Select(CloseAsync));
    }

    /// <returns>True when the shared connection must close now: no session holds it and it no longer matches the configuration.</returns>
    private bool ReleaseShared(McpConnection connection)
    {
        var settings = _options.CurrentValue;
        lock (_sharedLock)
        {
            var entry = _shared.Values.FirstOrDefault(candidate => ReferenceEquals(candidate.Connection, connection));
            if (entry is null || --entry.Leases > 0)
            {
                return false;
            }

            var configured = settings.Servers.GetValueOrDefault(connection.ServerName);
            var current = configured is { Enabled: true, Scope: McpServerScope.Shared } && SharedKey(connection.ServerName, configured) == entry.Key;
            if (!current)
            {
                _shared.Remove(entry.Key);
                return true;
            }

            entry.IdleTimer = _time.CreateTimer(_ => CloseIfStillIdle(entry), null, settings.SharedIdleTimeout, Timeout.InfiniteTimeSpan);
            return false;
        }
    }

    private void CloseIfStillIdle(SharedMcpConnection entry)
    {
        lock (_sharedLock)
        {
            if (entry.Leases > 0 || !_shared.TryGetValue(entry.Key, out var registered) || !ReferenceEquals(registered, entry))
            {
                return;
            }

            _shared.Remove(entry.Key);
            entry.IdleTimer?.Dispose();
            entry.IdleTimer = null;
        }

        LogSharedIdleClosed(entry.Connection.ServerName);
        _ = CloseAsync(entry.Connection);
    }

    private async Task CloseAsync(McpConnection connection)
    {
        if (_open.TryRemove(connection, out _))
        {
            await connection.CloseAsync();
        }
    }

    private static string SharedKey(string name, McpServerOptions server) => $"{name}/{McpConfigurationSignature.Of(name, server)}";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {Session} holds {HandleCount} MCP handles, {LiveCount} connected")]
    private partial void LogOpened(string session, int handleCount, int liveCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shared MCP server {Server} closed after its idle timeout")]
    private partial void LogSharedIdleClosed(string server);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closing {Count} MCP connections left open at shutdown")]
    private partial void LogClosingAtShutdown(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Killed {Count} processes started by the MCP pool that outlived their connections")]
    private partial void LogKilledSurvivors(int count);
}
