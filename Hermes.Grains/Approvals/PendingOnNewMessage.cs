namespace Hermes.Grains.Approvals;

/// <summary>What a plain message does to tool calls that wait for a decision. Config key <c>Hermes:Approvals:OnNewMessage</c>.</summary>
public enum PendingOnNewMessage
{
    /// <summary>Denies them (the model hears the user moved on), then the new message is answered. The default.</summary>
    Deny,

    /// <summary>Leaves them waiting and answers with the question again; the message is not taken.</summary>
    Remind,
}
