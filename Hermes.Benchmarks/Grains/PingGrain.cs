namespace Hermes.Benchmarks.Grains;

[GrainType("ping")]
public sealed class PingGrain : Grain, IPingGrain
{
    public Task PingAsync() => Task.CompletedTask;
}
