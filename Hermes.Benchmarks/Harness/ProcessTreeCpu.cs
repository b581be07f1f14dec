using Hermes.Contracts.Mcp;
using Hermes.Grains.Mcp;

namespace Hermes.Benchmarks.Harness;

/// <summary>
/// CPU time of a process and all its children, read from <c>/proc</c> through the <see cref="ProcessTable"/> the MCP pool
/// uses: each process's own user and system time with that of the children it has reaped, summed over the process and
/// every descendant still there. A child counts while alive through its own entry and, once reaped, through its parent's;
/// never twice.
/// </summary>
internal static class ProcessTreeCpu
{
    // /proc reports these times in USER_HZ, which Linux fixes at 100 per second for user space on every architecture.
    private const double TicksPerSecond = 100;

    /// <summary>The smallest CPU time a reading tells apart from none: one tick.</summary>
    public static readonly TimeSpan Resolution = TimeSpan.FromSeconds(1 / TicksPerSecond);

    public static TimeSpan Of(int rootPid) =>
        TimeSpan.FromSeconds(ProcessTable.DescendantsOf(ProcessTable.Read(variable: null), [rootPid]).Sum(entry => entry.CpuTicks) / TicksPerSecond);
}
