using System.Diagnostics.Metrics;
using Hermes.ServiceDefaults.Telemetry;

namespace Hermes.Grains.Approvals;

/// <summary>Tool approvals on the <c>Hermes</c> meter: requested, granted, denied and expired, by tool.</summary>
public sealed class ApprovalMetrics
{
    private readonly Counter<long> _requested;
    private readonly Counter<long> _granted;
    private readonly Counter<long> _denied;
    private readonly Counter<long> _expired;

    public ApprovalMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(HermesTelemetry.Name);
        _requested = meter.CreateCounter<long>("hermes.approvals.requested", "{approval}", "Tool calls that stopped for a person's decision, by tool.");
        _granted = meter.CreateCounter<long>("hermes.approvals.granted", "{approval}", "Tool calls a person approved, by tool.");
        _denied = meter.CreateCounter<long>("hermes.approvals.denied", "{approval}", "Tool calls a person denied (or that a new message denied), by tool.");
        _expired = meter.CreateCounter<long>("hermes.approvals.expired", "{approval}", "Tool calls nobody decided in time, by tool.");
    }

    public void Requested(string tool) => _requested.Add(1, Tag(tool));

    public void Decided(string tool, ApprovalDecision decision) =>
        (decision.Approved ? _granted : decision.Expired ? _expired : _denied).Add(1, Tag(tool));

    private static KeyValuePair<string, object?> Tag(string tool) => new("tool", tool);
}
