namespace Hermes.Contracts.Sessions;

/// <summary>The kind of conversation a platform message came from; it decides how a session key is scoped.</summary>
public enum ChatType
{
    /// <summary>A direct conversation with one user: one session per chat.</summary>
    Dm,

    /// <summary>A group chat: one session per user unless the deployment shares group sessions.</summary>
    Group,

    /// <summary>A thread inside a group or channel: one session per thread, shared by its members.</summary>
    Thread,
}
