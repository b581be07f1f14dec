using System.Reflection;

namespace Hermes.Benchmarks.Harness;

internal static class RepositoryPaths
{
    private static readonly string Root = typeof(RepositoryPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "RepositoryRoot").Value!;

    /// <summary>Where every run writes its results.</summary>
    public static string BenchmarksDocument { get; } = Path.Combine(Root, "docs", "benchmarks.md");
}
