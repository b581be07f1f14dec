using Hermes.Contracts.Sessions;

namespace Hermes.Client.FrontDoor;

/// <summary>What a front-end shows for a message: the text, and the turn's result when the session answered.</summary>
public sealed record FrontDoorReply(ReplyKind Kind, string Text, TurnResult? Turn = null)
{
    /// <summary>
    /// The progress shown was cut by a cluster failure and the result came from a retry: what was shown may be partial,
    /// or belong to an attempt that did not count; <see cref="Text"/> is the answer the session recorded.
    /// </summary>
    public bool ProgressCut { get; init; }

    public static FrontDoorReply Answered(TurnResult turn) =>
        new(ReplyKind.Answered, turn.Notice is null ? turn.Reply : $"{turn.Notice}\n\n{turn.Reply}", turn);
}
