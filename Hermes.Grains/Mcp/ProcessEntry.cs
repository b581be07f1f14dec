using Hermes.Contracts.Mcp;

namespace Hermes.Grains.Mcp;

/// <summary>One process as <see cref="ProcessTable"/> read it.</summary>
/// <param name="Pid">Its process id.</param>
/// <param name="ParentId">Its parent's process id (1 once orphaned).</param>
/// <param name="IsZombie">True when it has finished and only waits to be reaped.</param>
/// <param name="Marker">The value of the variable asked for, or null when its environment does not hold it or none was asked for.</param>
/// <param name="CpuTicks">Its user and system time with that of the children it has reaped, in clock ticks (USER_HZ).</param>
/// <param name="ResidentBytes">Its resident memory (RSS).</param>
public sealed record ProcessEntry(int Pid, int ParentId, bool IsZombie, string? Marker, long CpuTicks, long ResidentBytes);
