using Hermes.Benchmarks.Harness;
using Hermes.Benchmarks.Scenarios.ColdActivation;
using Hermes.Benchmarks.Scenarios.Durability;
using Hermes.Benchmarks.Scenarios.LongLived;
using Hermes.Benchmarks.Scenarios.McpCall;
using Hermes.Benchmarks.Scenarios.McpSessions;
using Hermes.Benchmarks.Scenarios.Memory;
using Hermes.Benchmarks.Scenarios.RestartLoop;
using Hermes.Benchmarks.Scenarios.TurnOverhead;
using Spectre.Console;

IBenchmarkScenario[] scenarios =
[
    new RestartLoopScenario(),
    new TurnOverheadScenario(),
    new MemoryPerSessionScenario(),
    new ColdActivationScenario(),
    new McpCallOverheadScenario(),
    new DurabilityScenario(),
    new McpSessionsScenario(),
    new LongLivedScenario(),
];
var command = args.Length == 0 ? "all" : args[0];
var selected = command == "all" ? scenarios : scenarios.Where(scenario => scenario.Name == command).ToArray();
if (args.Length > 1 || selected.Length == 0)
{
    Console.Error.WriteLine($"Usage: dotnet run -c Release --project Hermes.Benchmarks -- <{string.Join('|', scenarios.Select(scenario => scenario.Name))}|all>");
    return 2;
}

// Written to a file or a pipe, the tables keep their rows on one line instead of wrapping at 80 columns.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 200;
}

var run = await BenchmarkRunner.RunAsync(command, selected);

// The file holds one full run, so that its scenarios were all measured on the same machine at the same time.
if (command == "all")
{
    await File.WriteAllTextAsync(RepositoryPaths.BenchmarksDocument, MarkdownReport.Render(run));
    Console.WriteLine($"Wrote {RepositoryPaths.BenchmarksDocument}");
}

return 0;
