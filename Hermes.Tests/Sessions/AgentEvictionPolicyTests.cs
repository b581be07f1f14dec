using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;

namespace Hermes.Tests.Sessions;

public sealed class AgentEvictionPolicyTests
{
    [Theory]
    [InlineData(TurnOutcome.Completed, false, null)]
    [InlineData(TurnOutcome.Completed, true, AgentDropReason.FallbackSucceeded)]
    [InlineData(TurnOutcome.Failed, false, null)]
    [InlineData(TurnOutcome.Failed, true, null)]
    [InlineData(TurnOutcome.Interrupted, false, null)]
    [InlineData(TurnOutcome.Interrupted, true, null)]
    public void The_agent_is_dropped_only_when_a_turn_succeeded_on_a_fallback(TurnOutcome outcome, bool fallbackUsed, AgentDropReason? expected) =>
        Assert.Equal(expected, AgentEvictionPolicy.Decide(outcome, fallbackUsed));
}
