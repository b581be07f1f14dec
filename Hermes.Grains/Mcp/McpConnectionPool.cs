using System.Collections.Concurrent;
using System.Collections.Immutable;
using Hermes.Contracts.Mcp;
using Hermes.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hermes.Grains.Mcp;

/// <summary>
/// Owns every MCP connection of the silo and every process behind one. A session-scoped server gets a connection per
/// session, whose process starts on the first call of one of its tools (its tools known meanwhile from the silo's
/// <see cref="McpToolCatalogue"/>), is closed after <see cref="McpOptions.IdleTimeout"/> without a call or when the
/// processes outgrow <see cref="McpOptions.MemoryBudget"/> (least recently used first, never under a call), and is closed
/// for good when the session releases its handles. A shared server gets one connection per silo, closed once no session
/// has held it for <see cref="McpOptions.SharedIdleTimeout"/>. Starts of each server configuration go through one
/// <see cref="McpStartCircuit"/> for the whole silo. When the host stops, whatever is still open is closed and every
/// process tree the pool started is killed: a grain's deactivation is best effort, so it cannot be the only safety net.
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
    private readonly ConcurrentDictionary<string, McpStartCircuit> _circuits = new(StringComparer.Ordinal);
    private readonly McpToolCatalogue _catalogue;
    private readonly ITimer _sweepTimer;
    private int _sweeping;
    private int _closedAll;

    public McpConnectionPool(IOptionsMonitor<McpOptions> options, HermesMetrics metrics, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _options = options;
        _metrics = metrics;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<McpConnectionPool>();
        _connector = new McpServerConnector(_processes, () => _options.CurrentValue.MaxProcesses, CloseLeastRecentlyUsedAsync, loggerFactory, _stopping.Token);
        _catalogue = new McpToolCatalogue(ListToolsAsync);
        metrics.ObserveMcpProcesses(_processes.CountRunning);
        var sweepInterval = options.CurrentValue.SweepInterval;
        _sweepTimer = time.CreateTimer(_ => _ = SweepAsync(), null, sweepInterval, sweepInterval);
    }

    public int LiveConnections => _open.Keys.Count(connection => connection.IsLive);

    public int RunningProcesses => _processes.CountRunning();

    public string ConfigurationSignature => McpConfigurationSignature.Of(_options.CurrentValue);

    /// <summary>
    /// Gives a session a handle to every enabled server. A session's own server that starts on first call runs no process
    /// yet: its tools come from the silo's catalogue, listed here once per configuration when nobody has yet. A server that
    /// fails is reported in the handles' status; it does not fail the call.
    /// </summary>
    public async Task<McpSessionHandles> OpenAsync(string sessionKey, CancellationToken cancellationToken)
    {
        var handles = Lease();
        await PrepareAsync(handles, handles.ConnectPendingAsync, cancellationToken);
        LogOpened(sessionKey, handles.Connections.Length, handles.Connections.Count(connection => connection.HoldsSession));
        return handles;
    }

    /// <summary>
    /// Releases <paramref name="handles"/> and opens new ones, starting every server now (the backoff notwithstanding) so
    /// that the session learns at once whether they work: the session's own servers restart, shared ones list their tools
    /// again, and the silo's tool lists are refreshed from what they answer.
    /// </summary>
    public async Task<McpSessionHandles> ReopenAsync(McpSessionHandles handles, string sessionKey, CancellationToken cancellationToken)
    {
        // Released first: the session's own servers never run twice, and a shared one keeps its connection because the
        // new lease arrives long before its idle timer could fire.
        await handles.DisposeAsync();
        var reopened = Lease();
        await PrepareAsync(
            reopened,
            token => Task.WhenAll(reopened.Connections.Select(connection => connection.RefreshAsync(token))),
            cancellationToken);
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
        await _sweepTimer.DisposeAsync();
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

    private McpSessionHandles Lease()
    {
        var settings = _options.CurrentValue;
        var connections = settings.Servers
            .Where(server => server.Value.Enabled)
            .OrderBy(server => server.Key, StringComparer.Ordinal)
            .Select(server => server.Value.Scope == McpServerScope.Shared
                ? LeaseShared(server.Key, server.Value, settings)
                : Open(server.Key, server.Value, McpServerScope.Session, listsOnly: false, settings))
            .ToImmutableArray();
        foreach (var connection in connections)
        {
            _metrics.McpHandleOpened(connection.ServerName, connection.Scope);
        }

        return new McpSessionHandles(ReleaseAsync, McpConfigurationSignature.Of(settings), connections);
    }

    private static async Task PrepareAsync(McpSessionHandles handles, Func<CancellationToken, Task> prepare, CancellationToken cancellationToken)
    {
        try
        {
            await prepare(cancellationToken);
        }
        catch
        {
            await handles.DisposeAsync();
            throw;
        }
    }

    private McpConnection Open(string name, McpServerOptions server, McpServerScope scope, bool listsOnly, McpOptions settings)
    {
        var signature = McpConfigurationSignature.Of(name, server);
        var circuit = _circuits.GetOrAdd(
            signature,
            _ => new McpStartCircuit(new McpReconnectBackoff(settings.ReconnectBaseDelay, settings.ReconnectMaxDelay), settings.MaxConcurrentStarts, _time));
        var connection = new McpConnection(
            name,
            server,
            scope,
            signature,
            _connector,
            circuit,
            _catalogue,
            listsOnly,
            _metrics,
            _time,
            _loggerFactory.CreateLogger<McpConnection>());
        _open[connection] = 0;
        return connection;
    }

    // The catalogue's way to learn a configuration's tools: a connection of the silo's own, closed as soon as it listed.
    private async Task ListToolsAsync(string name, McpServerOptions server)
    {
        var connection = Open(name, server, McpServerScope.Session, listsOnly: true, _options.CurrentValue);
        try
        {
            await connection.ListAsync(_stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The silo is stopping; nobody waits for the list any more.
        }
        finally
        {
            await CloseAsync(connection);
        }
    }

    // Closes the session servers that have answered no call for the idle timeout, then, while the pool's processes hold
    // more resident memory than the budget, the least recently used ones with no call in flight.
    private async Task SweepAsync()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        try
        {
            var settings = _options.CurrentValue;
            var idleBefore = _time.GetUtcNow() - settings.IdleTimeout;
            var running = _open.Keys.Where(connection => connection.Scope == McpServerScope.Session && connection.HoldsSession).ToList();
            foreach (var connection in running.Where(connection => connection.LastUsed <= idleBefore).ToArray())
            {
                if (await connection.StopIfUnusedAsync(idleBefore, wait: true))
                {
                    running.Remove(connection);
                    LogIdleClosed(connection.ServerName, settings.IdleTimeout);
                }
            }

            if (settings.MemoryBudget > 0 && running.Any(connection => connection.ProcessMarker is not null))
            {
                await KeepWithinBudgetAsync(running, settings.MemoryBudget);
            }
        }
        catch (Exception exception)
        {
            LogSweepFailed(exception);
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    // Makes room under the process limit: closes the session server used least recently that has no call in flight.
    private async Task<bool> CloseLeastRecentlyUsedAsync()
    {
        var candidates = _open.Keys
            .Where(connection => connection.Scope == McpServerScope.Session && connection.ProcessMarker is not null)
            .OrderBy(connection => connection.LastUsed);
        foreach (var connection in candidates)
        {
            if (await connection.StopIfUnusedAsync(usedBefore: null, wait: false))
            {
                LogClosedForRoom(connection.ServerName);
                return true;
            }
        }

        return false;
    }

    private async Task KeepWithinBudgetAsync(List<McpConnection> running, int budgetMegabytes)
    {
        const long Megabyte = 1024 * 1024;
        var resident = _processes.ResidentBytesByMarker();
        var total = resident.Values.Sum();
        var budget = budgetMegabytes * Megabyte;
        if (total <= budget)
        {
            return;
        }

        var before = total;
        var closed = 0;
        foreach (var connection in running.OrderBy(connection => connection.LastUsed))
        {
            if (total <= budget)
            {
                break;
            }

            if (connection.ProcessMarker is { } marker && await connection.StopIfUnusedAsync(usedBefore: null, wait: true))
            {
                total -= resident.GetValueOrDefault(marker);
                closed++;
            }
        }

        LogBudgetSweep(before / Megabyte, budgetMegabytes, closed, total / Megabyte);
    }

    private McpConnection LeaseShared(string name, McpServerOptions server, McpOptions settings)
    {
        var key = SharedKey(name, server);
        lock (_sharedLock)
        {
            if (!_shared.TryGetValue(key, out var entry))
            {
                entry = new SharedMcpConnection(key, Open(name, server, McpServerScope.Shared, listsOnly: false, settings));
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "MCP server {Server} of a session closed after {IdleTimeout} without a call")]
    private partial void LogIdleClosed(string server, TimeSpan idleTimeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP processes held {ResidentMegabytes} MB, over the budget of {BudgetMegabytes} MB: closed {Closed} idle session servers, {RemainingMegabytes} MB remain")]
    private partial void LogBudgetSweep(long residentMegabytes, int budgetMegabytes, int closed, long remainingMegabytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server {Server} of a session closed to make room under Hermes:Mcp:MaxProcesses")]
    private partial void LogClosedForRoom(string server);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The MCP pool's idle and memory sweep failed")]
    private partial void LogSweepFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closing {Count} MCP connections left open at shutdown")]
    private partial void LogClosingAtShutdown(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Killed {Count} processes started by the MCP pool that outlived their connections")]
    private partial void LogKilledSurvivors(int count);
}
