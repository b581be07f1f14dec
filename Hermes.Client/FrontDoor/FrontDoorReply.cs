using Hermes.Grains.Sessions;

namespace Hermes.Client.FrontDoor;

/// <summary>What a front-end shows for a message: the text, and the turn's result when the session answered.</summary>
public sealed record FrontDoorReply(ReplyKind Kind, string Text, TurnResult? Turn = null)
{
    public static FrontDoorReply Answered(TurnResult turn) =>
        new(ReplyKind.Answered, turn.Notice is null ? turn.Reply : $"{turn.Notice}\n\n{turn.Reply}", turn);
}
