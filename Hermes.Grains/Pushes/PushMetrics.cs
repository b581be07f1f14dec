using System.Diagnostics.Metrics;
using Hermes.ServiceDefaults.Telemetry;

namespace Hermes.Grains.Pushes;

/// <summary>What the outboxes add to the <c>Hermes</c> meter: replies queued, leased again after a lost lease, and delivered.</summary>
public sealed class PushMetrics
{
    private readonly Counter<long> _queued;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _released;

    public PushMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(HermesTelemetry.Name);
        _queued = meter.CreateCounter<long>("hermes.pushes.queued", "{reply}", "Replies nobody waited for, queued for a front-end.");
        _delivered = meter.CreateCounter<long>("hermes.pushes.delivered", "{reply}", "Pushed replies a front-end acknowledged.");
        _released = meter.CreateCounter<long>("hermes.pushes.lease_expired", "{reply}", "Pushed replies leased again because their front-end did not acknowledge them in time.");
    }

    public void Queued() => _queued.Add(1);

    public void Delivered(int count) => _delivered.Add(count);

    public void LeaseExpired() => _released.Add(1);
}
