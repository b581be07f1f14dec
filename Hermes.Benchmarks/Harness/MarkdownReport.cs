using System.Globalization;
using System.Text;

namespace Hermes.Benchmarks.Harness;

/// <summary>Writes <c>docs/benchmarks.md</c>: the machine, the date, the headline figures and every table of a run.</summary>
internal static class MarkdownReport
{
    public static string Render(BenchmarkRunSummary run)
    {
        var text = new StringBuilder();
        text.AppendLine("# Hermes benchmarks").AppendLine();
        text.AppendLine($"Written by `dotnet run -c Release --project Hermes.Benchmarks -- {run.Command}` on " +
            $"{run.StartedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC; run it again rather than edit this file. " +
            "How to read and reproduce it: [README](../README.md#benchmarks).").AppendLine();

        text.AppendLine("## Machine").AppendLine();
        var machine = new ResultTable("Machine", "", "")
            .Add("processor", run.Machine.Processor)
            .Add("cores", run.Machine.Cores.ToString(CultureInfo.InvariantCulture))
            .Add("memory", run.Machine.Memory)
            .Add("operating system", run.Machine.OperatingSystem)
            .Add(".NET", run.Machine.Runtime)
            .Add("Node.js (MCP servers)", run.Machine.Node)
            .Add("load average (1 min) before / after", $"{run.LoadBefore} / {run.LoadAfter}")
            .Add("wall time of the run", Units.Duration(run.WallTime));
        AppendTable(text, machine, withCaption: false);

        text.AppendLine("## Headlines").AppendLine();
        foreach (var headline in run.Reports.SelectMany(report => report.Headlines))
        {
            text.AppendLine($"- {headline}");
        }

        text.AppendLine();
        foreach (var report in run.Reports)
        {
            text.AppendLine($"## {report.Title}").AppendLine();
            text.AppendLine(report.Method).AppendLine();
            foreach (var table in report.Tables)
            {
                AppendTable(text, table, withCaption: true);
            }
        }

        return text.ToString();
    }

    private static void AppendTable(StringBuilder text, ResultTable table, bool withCaption)
    {
        if (withCaption)
        {
            text.AppendLine($"**{table.Caption}**").AppendLine();
        }

        text.AppendLine($"| {string.Join(" | ", table.Columns.Select(Cell))} |");
        text.AppendLine($"|{string.Join("|", table.Columns.Select((_, i) => i == 0 ? "---" : "---:"))}|");
        foreach (var row in table.Rows)
        {
            text.AppendLine($"| {string.Join(" | ", row.Select(Cell))} |");
        }

        text.AppendLine();
    }

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal);
}
