namespace Hermes.Benchmarks.Grains;

/// <summary>A grain that does nothing: the cost of an Orleans call by itself, to set a session turn against.</summary>
[Alias("hermes.benchmarks.IPingGrain")]
public interface IPingGrain : IGrainWithStringKey
{
    [Alias("Ping")]
    Task PingAsync();
}
