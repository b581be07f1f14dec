namespace Hermes.Benchmarks.Scenarios.TurnOverhead;

/// <summary>One way of getting an answer whose latency is measured.</summary>
/// <param name="Name">How the tables name it.</param>
/// <param name="Prepare">Sets up <c>n</c> sessions (or agents, or grains) and returns the operation of worker <c>w</c>.</param>
/// <param name="IsTurn">True for a session turn, which writes the session's state.</param>
internal sealed record TurnPath(string Name, Func<int, Func<int, Task>> Prepare, bool IsTurn);
