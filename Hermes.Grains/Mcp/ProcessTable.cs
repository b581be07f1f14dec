using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hermes.Contracts.Mcp;

namespace Hermes.Grains.Mcp;

/// <summary>
/// The processes of this machine as <c>/proc</c> shows them, with the value each carries for one environment variable.
/// A variable set for a child is inherited by all its descendants and stays with them when they are re-parented to PID 1,
/// which is what lets a whole tree be found after its root has gone.
/// </summary>
public static class ProcessTable
{
    /// <summary>True where <c>/proc</c> can be read (Linux); elsewhere every query answers nothing.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && Directory.Exists("/proc/self");

    /// <summary>
    /// Every process now, with the value of <paramref name="variable"/> in its environment (null when unset or unreadable);
    /// with no variable, environments are not read.
    /// </summary>
    public static IReadOnlyList<ProcessEntry> Read(string? variable)
    {
        if (!IsSupported)
        {
            return [];
        }

        var prefix = variable is null ? null : Encoding.UTF8.GetBytes($"{variable}=");
        var entries = new List<ProcessEntry>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = ParseStat(File.ReadAllText(Path.Combine(directory, "stat")));
                var marker = prefix is null ? null : ReadVariable(directory, prefix);
                entries.Add(new ProcessEntry(pid, stat.ParentId, stat.State is 'Z' or 'X', marker, stat.CpuTicks, stat.ResidentPages * Environment.SystemPageSize));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process ended while we looked.
            }
        }

        return entries;
    }

    /// <summary>True while <paramref name="pid"/> runs (a zombie has finished running).</summary>
    /// <remarks>Asked in tight loops while a process is stopped, so it reads the state letter without allocating the whole line.</remarks>
    public static bool IsRunning(int pid)
    {
        if (!IsSupported)
        {
            return false;
        }

        try
        {
            using var handle = File.OpenHandle($"/proc/{pid}/stat");
            Span<byte> stat = stackalloc byte[512];
            var length = RandomAccess.Read(handle, stat, 0);
            var end = stat[..length].LastIndexOf((byte)')');
            return end >= 0 && end + 2 < length && stat[end + 2] is not ((byte)'Z' or (byte)'X');
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>When <paramref name="pid"/> started, in clock ticks since boot; with the pid it names one process for good.</summary>
    public static long? StartTime(int pid)
    {
        try
        {
            return IsSupported ? ParseStat(File.ReadAllText($"/proc/{pid}/stat")).StartTime : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The running processes of <paramref name="entries"/> that are <paramref name="roots"/> or descend from one.</summary>
    public static IReadOnlyList<int> TreesOf(IReadOnlyList<ProcessEntry> entries, IEnumerable<int> roots) =>
        [.. DescendantsOf(entries, roots).Where(entry => !entry.IsZombie).Select(entry => entry.Pid)];

    /// <summary>The entries that are <paramref name="roots"/> or descend from one, zombies included.</summary>
    public static IEnumerable<ProcessEntry> DescendantsOf(IReadOnlyList<ProcessEntry> entries, IEnumerable<int> roots)
    {
        var children = entries.ToLookup(entry => entry.ParentId);
        var found = new HashSet<int>();
        var pending = new Queue<int>(roots);
        while (pending.TryDequeue(out var pid))
        {
            if (found.Add(pid))
            {
                foreach (var child in children[pid])
                {
                    pending.Enqueue(child.Pid);
                }
            }
        }

        return entries.Where(entry => found.Contains(entry.Pid));
    }

    /// <summary>Sends SIGKILL to each process; one that has already gone is skipped.</summary>
    public static void Kill(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or Win32Exception)
            {
                // Gone already, or not ours to kill.
            }
        }
    }

    // /proc/{pid}/stat: "pid (comm) state ppid ... utime stime cutime cstime (14th-17th fields) ... starttime (22nd) vsize
    // rss (24th, in pages) ..."; comm may hold spaces and parentheses.
    private static (char State, int ParentId, long CpuTicks, long StartTime, long ResidentPages) ParseStat(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var cpuTicks = fields.Skip(11).Take(4).Sum(field => long.Parse(field, CultureInfo.InvariantCulture));
        return (
            fields[0][0],
            int.Parse(fields[1], CultureInfo.InvariantCulture),
            cpuTicks,
            long.Parse(fields[19], CultureInfo.InvariantCulture),
            long.Parse(fields[21], CultureInfo.InvariantCulture));
    }

    private static string? ReadVariable(string directory, byte[] prefix)
    {
        byte[] environment;
        try
        {
            environment = File.ReadAllBytes(Path.Combine(directory, "environ"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // Entries are "NAME=value\0"; a match must start an entry, so that "XNAME=" never counts as "NAME=".
        var span = environment.AsSpan();
        for (var start = 0; start < span.Length;)
        {
            var end = span[start..].IndexOf((byte)0);
            var entry = end < 0 ? span[start..] : span.Slice(start, end);
            if (entry.StartsWith(prefix))
            {
                return Encoding.UTF8.GetString(entry[prefix.Length..]);
            }

            if (end < 0)
            {
                break;
            }

            start += end + 1;
        }

        return null;
    }
}
