namespace Hermes.Grains.Sessions;

/// <summary>How a piece of work joins a session's turn order.</summary>
public enum TurnAdmission
{
    /// <summary>At the end of the queue; refused as busy when the queue is full.</summary>
    Queue,

    /// <summary>Like <see cref="Queue"/>, and once it has a place it stops the running turn (a plain message in <see cref="BusyMode.Interrupt"/>).</summary>
    Interrupt,

    /// <summary>At the head of the queue, never refused: operator actions and <c>/new</c>.</summary>
    Priority,
}
