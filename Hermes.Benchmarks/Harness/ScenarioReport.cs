namespace Hermes.Benchmarks.Harness;

/// <summary>What one scenario found: its tables, the headline figures drawn from them, and how it measured.</summary>
/// <param name="Title">The scenario's title.</param>
/// <param name="Method">How it measured, in a few sentences.</param>
/// <param name="Tables">The results.</param>
/// <param name="Headlines">The figures worth quoting, each a sentence.</param>
internal sealed record ScenarioReport(string Title, string Method, IReadOnlyList<ResultTable> Tables, IReadOnlyList<string> Headlines);
