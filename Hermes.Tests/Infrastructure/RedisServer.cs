using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace Hermes.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, stopped with the test. Without persistence by default; durable, it
/// keeps an append-only file fsynced on every write (<c>appendfsync always</c>, as the cluster profile's manifests run it)
/// in a folder of its own, and can be killed outright and started again on the same port and file. Fails (never skips)
/// when redis-server is not installed: the test project's build installs it where missing.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _executable;
    private readonly int _port;
    private readonly TempFolder? _dataFolder;
    private Process _process;

    private RedisServer(string executable, int port, TempFolder? dataFolder)
    {
        (_executable, _port, _dataFolder) = (executable, port, dataFolder);
        ConnectionString = $"127.0.0.1:{port},abortConnect=false";
        _process = Launch();
    }

    public string ConnectionString { get; }

    /// <summary>The running redis-server's process id.</summary>
    public int ProcessId => _process.Id;

    /// <param name="durable">Keep an append-only file fsynced on every write, as the cluster profile does.</param>
    public static async Task<RedisServer> StartAsync(bool durable = false)
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed; the test project's build installs it (apt-get install redis-server).");
        var server = new RedisServer(executable, LoopbackPort.Free(), durable ? new TempFolder() : null);
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>Kills redis-server outright (SIGKILL), as a crash of its pod would, and starts it again on the same port and files.</summary>
    public async Task KillAndRestartAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = Launch();
        await WaitUntilReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _dataFolder?.Dispose();
    }

    private Process Launch()
    {
        var start = new ProcessStartInfo(_executable)
        {
            ArgumentList = { "--port", _port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] persistence = _dataFolder is null
            ? ["--appendonly", "no"]
            : ["--appendonly", "yes", "--appendfsync", "always", "--dir", _dataFolder.Path];
        foreach (var argument in persistence)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString.Replace("abortConnect=false", "abortConnect=true", StringComparison.Ordinal));
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisException) when (!deadline.IsCancellationRequested && !_process.HasExited)
            {
                // Refused while starting, or LOADING while it replays its append-only file.
                await Task.Delay(50, deadline.Token);
            }
        }
    }
}
