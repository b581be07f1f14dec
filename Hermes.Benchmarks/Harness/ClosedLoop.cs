using System.Diagnostics;

namespace Hermes.Benchmarks.Harness;

/// <summary>
/// A closed-loop load: each of a number of workers (one per session) sends its next operation as soon as the last one
/// returned. Every worker first runs a few operations unmeasured (activation, connections, JIT); then the loop runs for a
/// settling period and a measured window. Every operation started inside the window is timed to its end, even when it
/// ends after the window closes, so that slow ones are never left out; throughput counts the operations that ended inside it.
/// </summary>
internal static class ClosedLoop
{
    private const int WarmUpOperations = 2;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(0.5);

    /// <param name="workers">How many run at once.</param>
    /// <param name="operation">One operation of worker <c>w</c>.</param>
    /// <param name="window">How long the measured window lasts.</param>
    public static async Task<LoadResult> RunAsync(int workers, Func<int, Task> operation, TimeSpan window)
    {
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
        {
            for (var i = 0; i < WarmUpOperations; i++)
            {
                await operation(worker);
            }
        }));

        var from = Stopwatch.GetTimestamp() + (long)(Settle.TotalSeconds * Stopwatch.Frequency);
        var until = from + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var endedInWindow = 0;
        var samples = await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
        {
            List<long> elapsed = [];
            while (true)
            {
                // Operations that finish without yielding would otherwise keep one worker running and starve the rest. The
                // clock starts before the yield, so that the wait for a thread counts: under load the thread pool runs the
                // newest work first, and timing only the operation would leave out how long the other workers waited.
                var started = Stopwatch.GetTimestamp();
                await Task.Yield();
                if (started >= until)
                {
                    return elapsed;
                }

                await operation(worker);
                var ended = Stopwatch.GetTimestamp();
                if (started >= from)
                {
                    elapsed.Add(ended - started);
                }

                if (ended >= from && ended < until)
                {
                    Interlocked.Increment(ref endedInWindow);
                }
            }
        }));

        return new LoadResult(Latencies.Of([.. samples.SelectMany(worker => worker)]), endedInWindow / window.TotalSeconds, from, until);
    }
}
