using System.Diagnostics;

namespace Hermes.Benchmarks.Harness;

/// <summary>
/// Waits until a process (with its children) has been nearly idle for a whole second. After a warm-up, the runtime goes on
/// compiling hot methods at a higher tier in the background for seconds; measuring before it has finished would charge that
/// work to whatever runs first.
/// </summary>
internal static class QuietWait
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    // An idle silo (membership, dashboard, telemetry timers) uses a few percent of a core.
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan AtMost = TimeSpan.FromSeconds(30);

    public static async Task UntilQuietAsync(int pid)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < AtMost)
        {
            var before = ProcessTreeCpu.Of(pid);
            await Task.Delay(Window);
            if (ProcessTreeCpu.Of(pid) - before < Quiet)
            {
                return;
            }
        }

        // Measured anyway, but said: the figures that follow carry whatever else kept the machine busy.
        await Console.Error.WriteLineAsync($"Process {pid} was still busy after {AtMost.TotalSeconds:0} s of waiting for it to go quiet; measuring anyway.");
    }
}
