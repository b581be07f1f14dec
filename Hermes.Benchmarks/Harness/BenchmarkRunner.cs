using System.Diagnostics;
using Spectre.Console;

namespace Hermes.Benchmarks.Harness;

/// <summary>Runs scenarios one after another, each with its progress display, and prints each one's tables when it ends.</summary>
internal static class BenchmarkRunner
{
    public static async Task<BenchmarkRunSummary> RunAsync(string command, IReadOnlyList<IBenchmarkScenario> scenarios)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var machine = MachineDescription.Read();
        var loadBefore = MachineDescription.LoadAverage();
        AnsiConsole.MarkupLine(Markup.Escape(
            $"{machine.Processor}, {machine.Cores} cores, {machine.Memory}; {machine.OperatingSystem}; {machine.Runtime}; Node.js {machine.Node}; load {loadBefore}"));

        var reports = new List<ScenarioReport>();
        foreach (var scenario in scenarios)
        {
            var report = await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(scenario.RunAsync);
            ConsoleReport.Print(report);
            reports.Add(report);
        }

        return new BenchmarkRunSummary(command, startedAt, machine, loadBefore, MachineDescription.LoadAverage(), clock.Elapsed, reports);
    }
}
