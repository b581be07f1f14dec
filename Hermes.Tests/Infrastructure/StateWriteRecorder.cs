using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hermes.Grains.Telemetry;
using Hermes.ServiceDefaults.Telemetry;

namespace Hermes.Tests.Infrastructure;

/// <summary>Listens to Hermes' histogram of session state writes (<see cref="HermesMetrics.StateWriteDurationName"/>) in this process.</summary>
public sealed class StateWriteRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(long At, double Seconds)> _writes = [];

    public StateWriteRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == HermesTelemetry.Name && instrument.Name == HermesMetrics.StateWriteDurationName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            lock (_writes)
            {
                _writes.Add((Stopwatch.GetTimestamp(), seconds));
            }
        });
        _listener.Start();
    }

    /// <summary>Every write so far, in order: when it was recorded (a <see cref="Stopwatch"/> timestamp) and how long it took.</summary>
    public IReadOnlyList<(long At, double Seconds)> Writes
    {
        get
        {
            lock (_writes)
            {
                return [.. _writes];
            }
        }
    }

    /// <summary>The median duration, in seconds, of <paramref name="take"/> writes after the first <paramref name="skip"/>.</summary>
    public double Median(int skip, int take)
    {
        var window = Writes.Skip(skip).Take(take).Select(write => write.Seconds).Order().ToArray();
        return window[window.Length / 2];
    }

    public void Dispose() => _listener.Dispose();
}
