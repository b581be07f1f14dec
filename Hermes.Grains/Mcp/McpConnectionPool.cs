using System.Collections.Concurrent;
using System.Collections.Immutable;
using Hermes.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;

namespace Hermes.Grains.Mcp;

/// <summary>
/// Opens MCP connections through the ModelContextProtocol SDK, counts them, and closes whatever is still open when the
/// host stops (a grain's deactivation is best effort, so it cannot be the only safety net).
/// </summary>
public sealed partial class McpConnectionPool(
    IOptionsMonitor<McpOptions> options,
    HermesMetrics metrics,
    ILoggerFactory loggerFactory) : IMcpConnectionPool, IAsyncDisposable
{
    // Only these variables of the silo's environment reach a stdio server; everything else, secrets included, stays behind.
    private static readonly string[] InheritedVariables = ["PATH", "HOME", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR"];

    private readonly ConcurrentDictionary<McpConnection, string> _live = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger<McpConnectionPool>();

    public int LiveConnections => _live.Count;

    public string ConfigurationSignature => McpConfigurationSignature.Of(options.CurrentValue);

    public async Task<McpSessionHandles> OpenAsync(string sessionKey, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        var attempts = current.Servers
            .Where(server => server.Value.Enabled)
            .OrderBy(server => server.Key, StringComparer.Ordinal)
            .Select(server => ConnectAsync(server.Key, server.Value, sessionKey, cancellationToken))
            .ToArray();
        var results = await Task.WhenAll(attempts);

        var connections = results.Select(result => result.Connection).OfType<McpConnection>().ToImmutableArray();
        var statuses = results.Select(result => result.Status).ToImmutableArray();
        return new McpSessionHandles(ReleaseAsync, McpConfigurationSignature.Of(current), connections, statuses);
    }

    public async ValueTask DisposeAsync()
    {
        var remaining = _live.Keys.ToImmutableArray();
        if (remaining.Length > 0)
        {
            LogClosingAtShutdown(remaining.Length);
            await ReleaseAsync(remaining);
        }
    }

    private async Task<(McpConnection? Connection, McpServerStatus Status)> ConnectAsync(
        string name, McpServerOptions server, string sessionKey, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(server.ConnectTimeout);
        McpClient? client = null;
        try
        {
            client = await McpClient.CreateAsync(CreateTransport(name, server), loggerFactory: loggerFactory, cancellationToken: timeout.Token);
            var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
            var offered = tools
                .Where(tool => server.Offers(tool.Name))
                .Select(tool => tool.WithName(McpToolName.For(name, tool.Name)))
                .ToImmutableArray();
            var connection = new McpConnection(name, server, client, offered);
            _live[connection] = sessionKey;
            metrics.McpConnectionOpened(name, server.Transport);
            LogConnected(name, sessionKey, offered.Length);
            return (connection, connection.Status);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }

            var reason = exception is OperationCanceledException
                ? $"did not complete the MCP handshake within {server.ConnectTimeoutSeconds:0.#} s"
                : exception.Message;
            metrics.McpConnectFailed(name);
            LogConnectFailed(exception, name, sessionKey, reason);
            return (null, new McpServerStatus(name, server.Transport, McpServerState.Failed, 0, reason));
        }
    }

    private async ValueTask ReleaseAsync(ImmutableArray<McpConnection> connections)
    {
        foreach (var connection in connections)
        {
            if (_live.TryRemove(connection, out _))
            {
                await connection.DisposeAsync();
                metrics.McpConnectionClosed(connection.ServerName, connection.Options.Transport);
            }
        }
    }

    private IClientTransport CreateTransport(string name, McpServerOptions server)
    {
        if (server.Url is { } url)
        {
            return new HttpClientTransport(
                new HttpClientTransportOptions
                {
                    Name = name,
                    Endpoint = url,
                    AdditionalHeaders = server.Headers,
                    ConnectionTimeout = server.ConnectTimeout,
                },
                loggerFactory);
        }

        if (string.IsNullOrWhiteSpace(server.Command))
        {
            throw new InvalidOperationException($"MCP server '{name}' has neither a command nor a url.");
        }

        return new StdioClientTransport(
            new StdioClientTransportOptions
            {
                Name = name,
                Command = server.Command,
                Arguments = server.Args,
                WorkingDirectory = server.Cwd,
                InheritEnvironmentVariables = false,
                EnvironmentVariables = BuildEnvironment(server),
            },
            loggerFactory);
    }

    private static Dictionary<string, string?> BuildEnvironment(McpServerOptions server)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var variable in InheritedVariables)
        {
            if (Environment.GetEnvironmentVariable(variable) is { } value)
            {
                environment[variable] = value;
            }
        }

        foreach (var (key, value) in server.Env)
        {
            environment[key] = value;
        }

        return environment;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server {Server} connected for session {Session} with {ToolCount} tools")]
    private partial void LogConnected(string server, string session, int toolCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server} failed to connect for session {Session}: {Reason}")]
    private partial void LogConnectFailed(Exception exception, string server, string session, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closing {Count} MCP connections left open at shutdown")]
    private partial void LogClosingAtShutdown(int count);
}
