namespace Hermes.Benchmarks.Harness;

/// <summary>One table of results: a caption, column headers and rows of already formatted cells.</summary>
internal sealed class ResultTable(string caption, params string[] columns)
{
    private readonly List<string[]> _rows = [];

    public string Caption { get; } = caption;

    public IReadOnlyList<string> Columns { get; } = columns;

    public IReadOnlyList<string[]> Rows => _rows;

    public ResultTable Add(params string[] cells)
    {
        if (cells.Length != Columns.Count)
        {
            throw new ArgumentException($"A row of '{Caption}' needs {Columns.Count} cells, not {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }
}
