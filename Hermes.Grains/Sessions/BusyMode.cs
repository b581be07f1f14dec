using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Sessions;

/// <summary>What a plain message does when it arrives while the session is running a turn.</summary>
public enum BusyMode
{
    /// <summary>It stops the running turn, which ends interrupted, and is answered next.</summary>
    Interrupt,

    /// <summary>It waits behind the running turn.</summary>
    Queue,
}
