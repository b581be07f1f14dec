using Hermes.Benchmarks.Harness;

namespace Hermes.Benchmarks.Scenarios.RestartLoop;

/// <summary>What one run of messages cost: the policies of <paramref name="Policies"/> make the same calls in this case.</summary>
/// <param name="Number">The run's number in the table, so that policies sharing a run show it.</param>
/// <param name="Releases">True when the operator release followed each turn.</param>
/// <param name="ServersStarted">MCP server processes the silo started, counted from the operating system.</param>
/// <param name="AgentsBuilt">Agents the session built, by its own counter.</param>
/// <param name="Cpu">CPU time of the silo process and its children over the whole run of messages.</param>
/// <param name="FirstTurnCpu">The part of <paramref name="Cpu"/> spent on the first message: the session's first agent, and its servers where they start with the session.</param>
/// <param name="Elapsed">Wall time between the two readings of <paramref name="Cpu"/>.</param>
/// <param name="Turns">Each message's wall time: the turn, and the release after it when the policy asks for one.</param>
internal sealed record RestartLoopResult(
    int Number, RestartLoopCase Case, IReadOnlyList<SessionPolicy> Policies, bool Releases, int Messages, int ServersStarted, int AgentsBuilt, TimeSpan Cpu, TimeSpan FirstTurnCpu, TimeSpan Elapsed, Latencies Turns)
{
    public TimeSpan CpuPerTurn => Cpu / Messages;

    public TimeSpan CpuPerLaterTurn => (Cpu - FirstTurnCpu) / (Messages - 1);

    /// <summary>Cores kept busy on average while the messages ran: 1.0 is one core pegged.</summary>
    public double CoresBusy => Cpu / Elapsed;
}
