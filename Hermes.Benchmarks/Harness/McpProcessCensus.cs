using Hermes.Contracts.Mcp;
using Hermes.Grains.Mcp;

namespace Hermes.Benchmarks.Harness;

/// <summary>
/// Counts the MCP server processes a silo has started, from the operating system rather than from Hermes' counters: every
/// server the pool starts carries a mark of its own in its environment, beginning with the silo's process id.
/// </summary>
/// <remarks>A process is counted if it is running when <see cref="Look"/> is called; look after every turn, while a turn's servers live.</remarks>
internal sealed class McpProcessCensus(int siloPid)
{
    private readonly string _prefix = $"{siloPid}.";
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>Distinct server processes seen since the census began.</summary>
    public int Seen => _seen.Count;

    /// <summary>Notes the servers running now; returns how many run.</summary>
    public int Look()
    {
        var running = 0;
        foreach (var entry in ProcessTable.Read(McpProcessTracker.MarkerVariable))
        {
            if (!entry.IsZombie && entry.Marker is { } marker && marker.StartsWith(_prefix, StringComparison.Ordinal))
            {
                running++;
                _seen.Add(marker);
            }
        }

        return running;
    }
}
