using Hermes.Contracts.Mcp;
using Hermes.Grains.Mcp;

namespace Hermes.Tests.Infrastructure;

/// <summary>Counts live processes by reading <c>/proc</c> through the same <see cref="ProcessTable"/> the pool uses.</summary>
public static class ProcessCensus
{
    /// <summary>Running processes whose environment carries a test's marker (see <see cref="McpServers"/>).</summary>
    public static IReadOnlyList<int> ProcessesWithMarker(string marker) =>
        [.. ProcessTable.Read(McpServers.MarkerVariable).Where(entry => entry.Marker == marker && !entry.IsZombie).Select(entry => entry.Pid)];

    /// <summary>Running (not zombie) children of <paramref name="parent"/>.</summary>
    public static IReadOnlyList<int> RunningChildrenOf(int parent) =>
        [.. ProcessTable.Read(McpServers.MarkerVariable).Where(entry => entry.ParentId == parent && !entry.IsZombie).Select(entry => entry.Pid)];

    /// <summary>Kills one process and waits until it no longer runs.</summary>
    public static async Task KillAsync(int pid)
    {
        ProcessTable.Kill([pid]);
        await Poll.UntilAsync(() => !ProcessTable.IsRunning(pid), $"process {pid} to end");
    }
}
