using System.Globalization;

namespace Hermes.Benchmarks.Harness;

/// <summary>
/// CPU time of a process and all its children, read from <c>/proc</c>: its own user and system time, the time of the
/// children it has reaped (<c>cutime</c>, <c>cstime</c>), and the same for every descendant still alive. A child counts
/// while alive through its own entry and, once reaped, through its parent's; never twice.
/// </summary>
internal static class ProcessTreeCpu
{
    // /proc reports these times in USER_HZ, which Linux fixes at 100 per second for user space on every architecture.
    private const double TicksPerSecond = 100;

    public static TimeSpan Of(int rootPid)
    {
        var processes = ReadAll();
        var children = processes.ToLookup(process => process.Value.ParentId, process => process.Key);
        long ticks = 0;
        var pending = new Stack<int>([rootPid]);
        while (pending.TryPop(out var pid))
        {
            if (processes.TryGetValue(pid, out var process))
            {
                ticks += process.Ticks;
                foreach (var child in children[pid])
                {
                    pending.Push(child);
                }
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>Every process now: its parent and its CPU time with that of its reaped children, in ticks.</summary>
    private static Dictionary<int, (int ParentId, long Ticks)> ReadAll()
    {
        var processes = new Dictionary<int, (int ParentId, long Ticks)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // "pid (comm) state ppid … utime stime cutime cstime …": fields 4 and 14-17; comm may hold spaces.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = fields.Skip(11).Take(4).Sum(field => long.Parse(field, CultureInfo.InvariantCulture));
                processes[pid] = (int.Parse(fields[1], CultureInfo.InvariantCulture), ticks);
            }
            catch (IOException)
            {
                // It ended while we looked; its time is now its parent's.
            }
        }

        return processes;
    }
}
