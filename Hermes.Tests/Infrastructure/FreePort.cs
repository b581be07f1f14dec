using System.Net;
using System.Net.Sockets;

namespace Hermes.Tests.Infrastructure;

public static class FreePort
{
    /// <summary>A loopback TCP port nobody listens on now, for a host that needs its port known before it starts.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
