using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Hermes.Tests.Infrastructure;

/// <summary>The real <c>Hermes.Silo</c> program in a process of its own, so that a test can kill it like a crash would.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    public static readonly string SiloAssembly = typeof(SiloProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "SiloAssembly").Value!;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, int siloPort, int gatewayPort)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public int SiloPort { get; }

    /// <summary>The port front-ends reach this silo on.</summary>
    public int GatewayPort { get; }

    /// <summary>The silo's process id, for reading what it and its children cost.</summary>
    public int ProcessId => _process.Id;

    /// <summary>What the silo printed, for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a silo with <paramref name="settings"/> as command-line configuration, on fresh loopback ports unless the settings name ports.</summary>
    public static SiloProcess Start(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var given = settings.ToList();
        var siloPort = GivenPort(given, "Orleans:Endpoints:SiloPort");
        var gatewayPort = GivenPort(given, "Orleans:Endpoints:GatewayPort");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(SiloAssembly);
        var ports = new Dictionary<string, string?>
        {
            ["Orleans:Endpoints:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
            ["urls"] = "http://127.0.0.1:0",
        };
        // Given settings come last: on the command line, the last value of a key wins.
        foreach (var (key, value) in ports.Concat(given))
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The silo process did not start.");
        var silo = new SiloProcess(process, siloPort, gatewayPort);
        process.OutputDataReceived += (_, line) => silo.Append(line.Data);
        process.ErrorDataReceived += (_, line) => silo.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    private static int GivenPort(List<KeyValuePair<string, string?>> settings, string key) =>
        settings.LastOrDefault(setting => setting.Key == key).Value is { } port
            ? int.Parse(port, CultureInfo.InvariantCulture)
            : LoopbackPort.Free();

    /// <summary>Kills the silo at once, as a crash or an OOM kill would: no shutdown, no goodbye to the cluster.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
