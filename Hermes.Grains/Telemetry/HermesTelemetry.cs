using System.Diagnostics;

namespace Hermes.Grains.Telemetry;

/// <summary>The names under which Hermes publishes its metrics and traces.</summary>
public static class HermesTelemetry
{
    /// <summary>Name of the <see cref="System.Diagnostics.Metrics.Meter"/> and the <see cref="ActivitySource"/>.</summary>
    public const string Name = "Hermes";

    public static readonly ActivitySource ActivitySource = new(Name);
}
