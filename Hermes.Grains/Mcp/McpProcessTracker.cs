using System.Diagnostics;
using System.Globalization;
using Hermes.Contracts.Mcp;

namespace Hermes.Grains.Mcp;

/// <summary>
/// Marks every stdio server the pool starts, and finds, counts and kills the process trees behind those marks.
/// </summary>
/// <remarks>
/// Each server starts with <c>HERMES_MCP_PROCESS={host pid}.{host start time}.{pool}.{serial}</c> in its environment.
/// The SDK gives no process id while a server runs, and its dispose can leave a grandchild alive under PID 1; the mark,
/// inherited by every descendant, finds the whole tree either way. The host part tells the leftovers of a host that died
/// from the servers of one that still runs, so a restarted silo can clear them without touching its neighbours'.
/// </remarks>
internal sealed class McpProcessTracker
{
    public const string MarkerVariable = "HERMES_MCP_PROCESS";

    // SIGKILL lands asynchronously; a kill is waited for this long so that "released" means "gone".
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private readonly string _hostPrefix;
    private readonly string _poolPrefix;
    private int _serial;

    public McpProcessTracker()
    {
        var host = Environment.ProcessId;
        _hostPrefix = $"{host}.{ProcessTable.StartTime(host) ?? 0}.";
        _poolPrefix = $"{_hostPrefix}{Guid.NewGuid():N}.";
    }

    /// <summary>A mark for one server process not started yet.</summary>
    public string NewMarker() => _poolPrefix + Interlocked.Increment(ref _serial).ToString(CultureInfo.InvariantCulture);

    /// <summary>The process the pool started under <paramref name="marker"/> (the top of its tree), or null when none runs.</summary>
    public static int? FindRoot(string marker)
    {
        var marked = ProcessTable.Read(MarkerVariable).Where(entry => entry.Marker == marker && !entry.IsZombie).ToList();
        return marked.FirstOrDefault(entry => marked.TrueForAll(other => other.Pid != entry.ParentId))?.Pid;
    }

    /// <summary>Processes the pool started that run now, descendants included.</summary>
    public int CountRunning() =>
        ProcessTable.Read(MarkerVariable).Count(entry => !entry.IsZombie && entry.Marker?.StartsWith(_poolPrefix, StringComparison.Ordinal) == true);

    /// <summary>The resident memory of the process trees the pool started that run now, by mark.</summary>
    public IReadOnlyDictionary<string, long> ResidentBytesByMarker() => ProcessTable.Read(MarkerVariable)
        .Where(entry => !entry.IsZombie && entry.Marker?.StartsWith(_poolPrefix, StringComparison.Ordinal) == true)
        .GroupBy(entry => entry.Marker!, StringComparer.Ordinal)
        .ToDictionary(tree => tree.Key, tree => tree.Sum(entry => entry.ResidentBytes), StringComparer.Ordinal);

    /// <summary>Kills the process tree started under <paramref name="marker"/>, orphaned descendants included.</summary>
    public static Task<int> ReapAsync(string marker) => KillTreesAsync(candidate => candidate == marker);

    /// <summary>Kills every process tree the pool started.</summary>
    public Task<int> ReapAllAsync() => KillTreesAsync(candidate => candidate.StartsWith(_poolPrefix, StringComparison.Ordinal));

    /// <summary>Kills the servers left behind by Hermes hosts that are no longer running.</summary>
    public Task<int> ReapOrphansAsync() => KillTreesAsync(IsOrphan);

    private static async Task<int> KillTreesAsync(Func<string, bool> selects)
    {
        var entries = ProcessTable.Read(MarkerVariable);
        var roots = entries.Where(entry => entry.Marker is { } marker && selects(marker)).Select(entry => entry.Pid);
        var tree = ProcessTable.TreesOf(entries, roots);
        if (tree.Count == 0)
        {
            return 0;
        }

        ProcessTable.Kill(tree);
        var started = Stopwatch.GetTimestamp();
        while (tree.Any(ProcessTable.IsRunning) && Stopwatch.GetElapsedTime(started) < KillWait)
        {
            await Task.Delay(PollInterval);
        }

        return tree.Count;
    }

    private bool IsOrphan(string marker)
    {
        if (marker.StartsWith(_hostPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = marker.Split('.');
        return parts.Length == 4
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var host)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var hostStart)
            && ProcessTable.StartTime(host) != hostStart;
    }
}
