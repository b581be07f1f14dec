namespace Hermes.Benchmarks.Harness;

/// <summary>One run of the benchmark: what was asked, where, when, and what each scenario found.</summary>
internal sealed record BenchmarkRunSummary(
    string Command,
    DateTimeOffset StartedAt,
    MachineDescription Machine,
    string LoadBefore,
    string LoadAfter,
    TimeSpan WallTime,
    IReadOnlyList<ScenarioReport> Reports);
