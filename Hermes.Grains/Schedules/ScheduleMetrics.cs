using System.Diagnostics.Metrics;
using Hermes.ServiceDefaults.Telemetry;

namespace Hermes.Grains.Schedules;

/// <summary>What schedules add to the <c>Hermes</c> meter: fires and skipped due times.</summary>
public sealed class ScheduleMetrics
{
    private readonly Counter<long> _fires;
    private readonly Counter<long> _skips;

    public ScheduleMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(HermesTelemetry.Name);
        _fires = meter.CreateCounter<long>("hermes.schedules.fires", "{fire}", "Scheduled turns started.");
        _skips = meter.CreateCounter<long>("hermes.schedules.skips", "{fire}", "Due times skipped, by reason (running, missed).");
    }

    public void Fired() => _fires.Add(1);

    public void Skipped(int count, bool previousStillRuns) =>
        _skips.Add(count, new KeyValuePair<string, object?>("reason", previousStillRuns ? "running" : "missed"));
}
