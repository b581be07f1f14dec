namespace Hermes.Tests.Operations;

/// <summary>
/// Tests that read process-wide telemetry: an OpenTelemetry listener hears every meter and activity source of its name
/// in the process, so these run alone, after the parallel tests, lest other tests' silos add to what they count.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideTelemetryCollection
{
    public const string Name = "process-wide telemetry";
}
