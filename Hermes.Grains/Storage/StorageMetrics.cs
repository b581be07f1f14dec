using System.Diagnostics.Metrics;
using Hermes.ServiceDefaults.Telemetry;

namespace Hermes.Grains.Storage;

/// <summary>The instruments of the state stores, on the <c>Hermes</c> meter: commits (each one fsync or store round-trip), the writes they carried, and their bytes.</summary>
public sealed class StorageMetrics
{
    public const string CommitsName = "hermes.storage.commits";
    public const string WritesName = "hermes.storage.writes";
    public const string BytesName = "hermes.storage.bytes_written";

    private readonly Counter<long> _commits;
    private readonly Counter<long> _writes;
    private readonly Counter<long> _bytes;

    public StorageMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(HermesTelemetry.Name);
        _commits = meter.CreateCounter<long>(CommitsName, "{commit}", "Transactions (or store round-trips) that made grain state writes durable.");
        _writes = meter.CreateCounter<long>(WritesName, "{write}", "Grain state writes made durable.");
        _bytes = meter.CreateCounter<long>(BytesName, "By", "Bytes of state heads and appended entries written.");
    }

    /// <summary>One commit that made <paramref name="writes"/> writes of <paramref name="bytes"/> bytes in all durable.</summary>
    public void Committed(int writes, long bytes)
    {
        _commits.Add(1);
        _writes.Add(writes);
        _bytes.Add(bytes);
    }
}
