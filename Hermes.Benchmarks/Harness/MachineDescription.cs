using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Hermes.Benchmarks.Harness;

/// <summary>The machine a run measured, as the report states it.</summary>
internal sealed record MachineDescription(string Processor, int Cores, string Memory, string OperatingSystem, string Runtime, string Node)
{
    public static MachineDescription Read()
    {
        var processor = FirstValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memoryKb = FirstValue("/proc/meminfo", "MemTotal")?.Split(' ')[0];
        var memory = long.TryParse(memoryKb, NumberStyles.None, CultureInfo.InvariantCulture, out var kb)
            ? $"{(kb / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture)} GiB"
            : "unknown";
        var distribution = FirstValue("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"');
        var system = distribution is null ? RuntimeInformation.OSDescription : $"{distribution}, kernel {Environment.OSVersion.Version}";
        var gc = GCSettings.IsServerGC ? "server GC" : "workstation GC";
        return new MachineDescription(processor, Environment.ProcessorCount, memory, system, $"{RuntimeInformation.FrameworkDescription}, {gc}", NodeVersion());
    }

    /// <summary>The 1-minute load average now, from <c>/proc/loadavg</c>.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static string? FirstValue(string path, string key, char separator = ':')
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return File.ReadLines(path)
            .Select(line => line.Split(separator, 2))
            .Where(parts => parts.Length == 2 && parts[0].Trim() == key)
            .Select(parts => parts[1].Trim())
            .FirstOrDefault();
    }

    private static string NodeVersion()
    {
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true })!;
            var version = node.StandardOutput.ReadToEnd().Trim();
            node.WaitForExit();
            return version;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not found";
        }
    }
}
