namespace Hermes.Benchmarks.Harness;

/// <summary>What a closed-loop load measured: the latency of each operation and how many ended per second.</summary>
/// <param name="WindowStart">When the measured window opened (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</param>
/// <param name="WindowEnd">When it closed.</param>
internal sealed record LoadResult(Latencies Latencies, double PerSecond, long WindowStart, long WindowEnd);
