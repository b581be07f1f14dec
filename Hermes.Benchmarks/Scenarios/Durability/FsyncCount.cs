using System.Diagnostics;
using System.Globalization;

namespace Hermes.Benchmarks.Scenarios.Durability;

/// <summary>
/// Counts the <c>fsync</c> and <c>fdatasync</c> calls a process makes while it runs, from outside, through the kernel's
/// syscall tracepoints (<c>perf stat</c>): the store's own flushes, whoever issues them. Null when perf cannot count.
/// </summary>
internal sealed class FsyncCount : IAsyncDisposable
{
    private readonly Process? _perf;

    private FsyncCount(Process? perf) => _perf = perf;

    public static async Task<FsyncCount> StartAsync(int pid)
    {
        try
        {
            var perf = Process.Start(new ProcessStartInfo("perf")
            {
                ArgumentList = { "stat", "-x", ",", "-e", "syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync", "-p", pid.ToString(CultureInfo.InvariantCulture) },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            });

            // perf attaches within milliseconds; a call made before it does is not counted, which a long run makes negligible.
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            return new FsyncCount(perf is { HasExited: false } ? perf : null);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new FsyncCount(null);
        }
    }

    /// <summary>Stops counting; the number of calls since the start, or null when perf could not count.</summary>
    public async Task<long?> StopAsync()
    {
        if (_perf is null)
        {
            return null;
        }

        // perf prints its counts when interrupted.
        Process.Start("kill", ["-INT", _perf.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit();
        var report = await _perf.StandardError.ReadToEndAsync();
        await _perf.WaitForExitAsync();
        long total = 0;
        var counted = false;
        foreach (var line in report.Split('\n'))
        {
            var fields = line.Split(',');
            if (fields.Length > 2 && fields[2].StartsWith("syscalls:", StringComparison.Ordinal) && long.TryParse(fields[0], CultureInfo.InvariantCulture, out var count))
            {
                total += count;
                counted = true;
            }
        }

        return counted ? total : null;
    }

    public ValueTask DisposeAsync()
    {
        if (_perf is { HasExited: false })
        {
            _perf.Kill();
        }

        _perf?.Dispose();
        return ValueTask.CompletedTask;
    }
}
