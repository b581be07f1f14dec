using Spectre.Console;

namespace Hermes.Benchmarks.Harness;

/// <summary>One scenario of the benchmark, run by name from the command line.</summary>
internal interface IBenchmarkScenario
{
    /// <summary>The command-line name, e.g. <c>restart-loop</c>.</summary>
    string Name { get; }

    /// <summary>Runs the scenario, showing its steps on <paramref name="progress"/>.</summary>
    Task<ScenarioReport> RunAsync(ProgressContext progress);
}
