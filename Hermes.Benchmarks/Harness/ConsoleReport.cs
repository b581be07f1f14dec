using Spectre.Console;

namespace Hermes.Benchmarks.Harness;

/// <summary>Prints a scenario's results on the terminal.</summary>
internal static class ConsoleReport
{
    public static void Print(ScenarioReport report)
    {
        AnsiConsole.Write(new Rule(Markup.Escape(report.Title)).LeftJustified());
        foreach (var result in report.Tables)
        {
            var table = new Table().Title(Markup.Escape(result.Caption)).Border(TableBorder.Rounded);
            for (var i = 0; i < result.Columns.Count; i++)
            {
                table.AddColumn(new TableColumn(Markup.Escape(result.Columns[i])) { Alignment = i == 0 ? Justify.Left : Justify.Right });
            }

            foreach (var row in result.Rows)
            {
                table.AddRow(row.Select(cell => new Text(cell)).ToArray<Spectre.Console.Rendering.IRenderable>());
            }

            AnsiConsole.Write(table);
        }

        foreach (var headline in report.Headlines)
        {
            AnsiConsole.MarkupLine($"[bold]•[/] {Markup.Escape(headline)}");
        }

        AnsiConsole.WriteLine();
    }
}
