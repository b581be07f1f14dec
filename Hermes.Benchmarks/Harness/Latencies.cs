using System.Diagnostics;

namespace Hermes.Benchmarks.Harness;

/// <summary>How long many operations took: median, 99th percentile (nearest rank) and mean.</summary>
internal sealed record Latencies(int Count, TimeSpan P50, TimeSpan P99, TimeSpan Mean)
{
    /// <param name="elapsed">Each operation's duration in <see cref="Stopwatch"/> ticks.</param>
    public static Latencies Of(IReadOnlyCollection<long> elapsed)
    {
        if (elapsed.Count == 0)
        {
            throw new ArgumentException("No operation was measured.", nameof(elapsed));
        }

        var sorted = elapsed.Order().ToArray();
        return new Latencies(sorted.Length, Ticks(Percentile(sorted, 0.50)), Ticks(Percentile(sorted, 0.99)), Ticks((long)sorted.Average()));
    }

    private static long Percentile(long[] sorted, double fraction) => sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Length) - 1)];

    private static TimeSpan Ticks(long stopwatchTicks) => TimeSpan.FromSeconds((double)stopwatchTicks / Stopwatch.Frequency);
}
