using Hermes.Contracts.Sessions;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace Hermes.Client.FrontDoor;

/// <summary>
/// The one place that says whether an exception from a grain call means "the cluster could not take the call now"
/// (no gateway, a silo restarting or crashed, a stale activation refused by the storage, a session reloading or moving)
/// rather than a fault of the request. Front-ends retry such calls and, when retries run out, answer "unavailable".
/// </summary>
public static class ClusterFault
{
    public static bool IsTransient(Exception exception) => exception is
        SiloUnavailableException or
        OrleansMessageRejectionException or
        ConnectionFailedException or
        InconsistentStateException or
        SessionUnavailableException or
        TimeoutException;
}
