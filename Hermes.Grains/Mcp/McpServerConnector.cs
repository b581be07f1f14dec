using System.Collections.Immutable;
using Hermes.Contracts.Mcp;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Hermes.Grains.Mcp;

/// <summary>
/// Opens one MCP session to a configured server through the SDK: starts a stdio server with a marked, minimal environment
/// (or reaches an HTTP one), completes the handshake within <c>connect_timeout</c> and lists the offered tools.
/// </summary>
/// <param name="makeRoom">Closes one idle session server to make room under the process limit; false when none could be closed.</param>
internal sealed class McpServerConnector(
    McpProcessTracker processes,
    Func<int> maxProcesses,
    Func<Task<bool>> makeRoom,
    ILoggerFactory loggerFactory,
    CancellationToken hostStopping)
{
    // Besides the SDK's own safe base (PATH, HOME, USER, LOGNAME, SHELL, TERM), only the locale and the temp folder of the
    // silo reach a stdio server; everything else, secrets included, stays behind.
    private static readonly string[] LocaleVariables = ["LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR"];

    /// <exception cref="McpStartRefusedException">The silo runs its limit of processes, or is stopping.</exception>
    /// <param name="toolListChanged">Called (off the SDK's message loop) with the client whenever the server announces that its tools changed.</param>
    public async Task<McpLiveClient> ConnectAsync(string name, McpServerOptions server, Func<McpClient, Task> toolListChanged, CancellationToken cancellationToken)
    {
        if (hostStopping.IsCancellationRequested)
        {
            throw new McpStartRefusedException("the silo is stopping");
        }

        if (server.Transport == McpTransportKind.Stdio)
        {
            await EnsureRoomAsync();
        }

        var marker = server.Transport == McpTransportKind.Stdio ? processes.NewMarker() : null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, hostStopping);
        deadline.CancelAfter(server.ConnectTimeout);
        McpClient? client = null;
        try
        {
            var options = new McpClientOptions { InitializationTimeout = server.ConnectTimeout };
            client = await McpClient.CreateAsync(CreateTransport(name, server, marker), options, loggerFactory, deadline.Token);

            // Registered before the tools are listed, so that no change after the listing goes unnoticed.
            var announcer = client;
            client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) =>
            {
                _ = Task.Run(() => toolListChanged(announcer), CancellationToken.None);
                return ValueTask.CompletedTask;
            });
            var tools = await client.ListToolsAsync(cancellationToken: deadline.Token);
            var offered = tools.Select(tool => tool.ProtocolTool).Where(tool => server.Offers(tool.Name)).ToImmutableArray();
            return new McpLiveClient(client, offered, marker, marker is null ? null : McpProcessTracker.FindRoot(marker));
        }
        catch (Exception exception)
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }

            if (marker is not null)
            {
                await McpProcessTracker.ReapAsync(marker);
            }

            if (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw hostStopping.IsCancellationRequested
                    ? new McpStartRefusedException("the silo is stopping", exception)
                    : new TimeoutException($"did not complete the MCP handshake within {server.ConnectTimeoutSeconds:0.#} s", exception);
            }

            throw;
        }
    }

    // At the process limit, idle session servers are closed, least recently used first, until there is room.
    private async Task EnsureRoomAsync()
    {
        var running = processes.CountRunning();
        while (running >= maxProcesses())
        {
            if (!await makeRoom())
            {
                throw new McpStartRefusedException($"the silo already runs {running} MCP server processes, its limit (Hermes:Mcp:MaxProcesses), all of them in use");
            }

            running = processes.CountRunning();
        }
    }

    private IClientTransport CreateTransport(string name, McpServerOptions server, string? marker)
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
                EnvironmentVariables = BuildEnvironment(server, marker!),
            },
            loggerFactory);
    }

    private static Dictionary<string, string?> BuildEnvironment(McpServerOptions server, string marker)
    {
        var environment = StdioClientTransportOptions.GetDefaultEnvironmentVariables();
        foreach (var variable in LocaleVariables)
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

        environment[McpProcessTracker.MarkerVariable] = marker;
        return environment;
    }
}
