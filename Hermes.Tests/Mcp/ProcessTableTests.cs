using System.Diagnostics;
using Hermes.Contracts.Mcp;
using Hermes.Grains.Mcp;

namespace Hermes.Tests.Mcp;

/// <summary>What <see cref="ProcessTable"/> reads of a process from <c>/proc</c>.</summary>
public sealed class ProcessTableTests
{
    // /proc counts CPU time in USER_HZ, 100 ticks a second on Linux.
    private const double TicksPerSecond = 100;

    [Fact]
    public void A_process_entry_carries_the_cpu_time_the_process_has_used()
    {
        using var self = Process.GetCurrentProcess();
        var before = OwnEntry();

        BurnCpu(TimeSpan.FromMilliseconds(300));
        self.Refresh();
        var after = OwnEntry();

        Assert.Equal(Environment.ProcessId, after.Pid);
        // Ticks are whole hundredths: the entry may lag the runtime's own figure by one, never by more.
        Assert.InRange(after.CpuTicks / TicksPerSecond, self.TotalProcessorTime.TotalSeconds - 0.02, double.MaxValue);
        Assert.True(after.CpuTicks - before.CpuTicks >= 25, $"{after.CpuTicks - before.CpuTicks} ticks after burning 0.3 s of CPU");
    }

    private static ProcessEntry OwnEntry() => ProcessTable.Read(variable: null).Single(entry => entry.Pid == Environment.ProcessId);

    private static void BurnCpu(TimeSpan cpu)
    {
        using var self = Process.GetCurrentProcess();
        var until = self.TotalProcessorTime + cpu;
        while (self.TotalProcessorTime < until)
        {
            self.Refresh();
        }
    }
}
