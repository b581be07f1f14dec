namespace Hermes.Client.FrontDoor;

public enum ReplyKind
{
    /// <summary>The session answered: a turn's reply or a command's.</summary>
    Answered,

    /// <summary>The user may not talk to the agent; the text says so.</summary>
    Refused,

    /// <summary>An unknown user in a direct chat got a pairing code to give the operator.</summary>
    PairingCode,

    /// <summary>The user may not talk to the agent and the deployment ignores them: send nothing back.</summary>
    Ignored,
}
