namespace Hermes.Contracts.Sessions;

[GenerateSerializer, Alias("hermes.TurnOutcome")]
public enum TurnOutcome
{
    /// <summary>The agent produced a final answer.</summary>
    Completed,

    /// <summary>No model in the chain produced an answer; the reply carries the error.</summary>
    Failed,

    /// <summary>The turn was cancelled before it finished; nothing the agent produced was kept.</summary>
    Interrupted,

    /// <summary>The session was busy and its queue full: the message was not taken and should be sent again later.</summary>
    Busy,

    /// <summary>The turn stopped before tool calls that need a person's decision; <see cref="TurnResult.PendingApprovals"/> lists them.</summary>
    AwaitingApproval,
}
