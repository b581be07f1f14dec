namespace Hermes.Tests.Infrastructure;

/// <summary>
/// Tests that count the test process's children must not run beside tests that start MCP servers of their own;
/// xUnit runs this collection alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCensusCollection
{
    public const string Name = "Process census";
}
