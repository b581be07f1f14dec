using Hermes.Contracts.Mcp;
using Hermes.Grains.Mcp;

namespace Hermes.Benchmarks.Scenarios.McpSessions;

/// <summary>
/// Samples a silo process and its descendants from <c>/proc</c> in the background: resident memory of the silo alone and
/// with its children, and the MCP server processes it runs; keeps the peaks.
/// </summary>
internal sealed class SiloFootprint : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly int _siloPid;
    private readonly string _mcpPrefix;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    public SiloFootprint(int siloPid)
    {
        _siloPid = siloPid;
        _mcpPrefix = $"{siloPid}.";
        Sample();
        _sampling = Task.Run(SampleUntilStoppedAsync);
    }

    /// <summary>The silo and every descendant, at the busiest sample.</summary>
    public long PeakTreeBytes { get; private set; }

    public long PeakSiloBytes { get; private set; }

    public int PeakMcpProcesses { get; private set; }

    public long TreeBytes { get; private set; }

    public long SiloBytes { get; private set; }

    public int McpProcesses { get; private set; }

    /// <summary>Reads the process table once more, now.</summary>
    public void Sample()
    {
        var tree = ProcessTable.DescendantsOf(ProcessTable.Read(McpProcessTracker.MarkerVariable), [_siloPid]).Where(entry => !entry.IsZombie).ToList();
        lock (_stop)
        {
            SiloBytes = tree.Where(entry => entry.Pid == _siloPid).Sum(entry => entry.ResidentBytes);
            TreeBytes = tree.Sum(entry => entry.ResidentBytes);
            McpProcesses = tree.Count(entry => entry.Marker?.StartsWith(_mcpPrefix, StringComparison.Ordinal) == true);
            PeakSiloBytes = Math.Max(PeakSiloBytes, SiloBytes);
            PeakTreeBytes = Math.Max(PeakTreeBytes, TreeBytes);
            PeakMcpProcesses = Math.Max(PeakMcpProcesses, McpProcesses);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleUntilStoppedAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
