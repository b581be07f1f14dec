using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Hermes.Silo.Hosting;
using Hermes.Tests.Infrastructure;

namespace Hermes.Tests.Operations;

/// <summary>
/// The real <c>Hermes.Silo</c> program started as the README says: <c>ASPNETCORE_URLS</c> decides where its web host
/// listens, and a taken port or a refused setting ends it with one line on stderr and <see cref="SiloStartFailure.ExitCode"/>.
/// </summary>
public sealed class SiloStartTests
{
    [Fact]
    public async Task ASPNETCORE_URLS_decides_where_the_web_host_listens()
    {
        var port = LoopbackPort.Free();
        await using var silo = SiloRun.Start([], new() { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}" });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}") };

        await Poll.UntilAsync(async () => await LiveAsync(http) || silo.Exited, "the silo's web host on the port of ASPNETCORE_URLS");

        Assert.False(silo.Exited, silo.Output);
    }

    [Fact]
    public async Task A_web_port_another_process_holds_ends_the_silo_with_one_line()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        await using var silo = SiloRun.Start([$"--urls=http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"], []);

        var (exitCode, error) = await silo.ExitAsync();

        Assert.Equal(SiloStartFailure.ExitCode, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Hermes.Silo cannot start: Failed to bind to address", line);
        Assert.Contains("ASPNETCORE_URLS", line);
    }

    [Fact]
    public async Task A_dashboard_exposed_without_credentials_ends_the_silo_with_one_line_not_a_crash()
    {
        await using var silo = SiloRun.Start([$"--urls=http://0.0.0.0:{LoopbackPort.Free().ToString(CultureInfo.InvariantCulture)}"], []);

        var (exitCode, error) = await silo.ExitAsync();

        Assert.Equal(SiloStartFailure.ExitCode, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Hermes.Silo cannot start: The Orleans dashboard", line);
        Assert.Contains("Hermes:Dashboard:Password", line);
    }

    private static async Task<bool> LiveAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync("/health/live");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>The silo program in a process of its own, with its own ports and data folder but no web address unless given.</summary>
    private sealed class SiloRun : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly TempFolder _data;
        private readonly Task<string> _output;
        private readonly Task<string> _error;

        private SiloRun(Process process, TempFolder data)
        {
            _process = process;
            _data = data;
            _output = process.StandardOutput.ReadToEndAsync();
            _error = process.StandardError.ReadToEndAsync();
        }

        public bool Exited => _process.HasExited;

        public string Output => _output.IsCompleted ? _output.Result : "(still running)";

        public static SiloRun Start(string[] arguments, Dictionary<string, string> environment)
        {
            var data = new TempFolder();
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(SiloProcess.SiloAssembly);
            start.ArgumentList.Add($"--Orleans:Endpoints:SiloPort={LoopbackPort.Free().ToString(CultureInfo.InvariantCulture)}");
            start.ArgumentList.Add($"--Orleans:Endpoints:GatewayPort={LoopbackPort.Free().ToString(CultureInfo.InvariantCulture)}");
            start.ArgumentList.Add($"--Hermes:Local:DataFolder={data.Path}");
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            return new SiloRun(Process.Start(start) ?? throw new InvalidOperationException("The silo did not start."), data);
        }

        /// <summary>Waits for the silo to end by itself (bounded, for a silo that wrongly keeps running).</summary>
        public async Task<(int ExitCode, string Error)> ExitAsync()
        {
            using var hung = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await _process.WaitForExitAsync(hung.Token);
            return (_process.ExitCode, await _error);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            await Task.WhenAll(_output, _error);
            _process.Dispose();
            _data.Dispose();
        }
    }
}
