using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Hermes.Silo.Hosting;

/// <summary>
/// Says in one line why the silo could not start, for the failures an operator causes and fixes: settings Hermes refuses
/// (an exposed dashboard without credentials, a cluster without a shared store, invalid options) and a port another
/// process holds. Anything else is a fault worth its stack trace.
/// </summary>
public static class SiloStartFailure
{
    public const int ExitCode = 2;

    /// <param name="exception">What the start threw.</param>
    /// <param name="configuring">Whether it was thrown while the host was being configured and built, where Hermes' refusals come from.</param>
    public static string? Explain(Exception exception, bool configuring) => exception switch
    {
        OptionsValidationException invalid => $"Hermes.Silo cannot start: {string.Join(" ", invalid.Failures)}",
        InvalidOperationException refused when configuring => $"Hermes.Silo cannot start: {refused.Message}",
        _ when AddressInUse(exception) is { } taken =>
            $"Hermes.Silo cannot start: {taken.ReplaceLineEndings(" ")} Another process holds the port: stop it, or choose other ports " +
            "(the web host with --urls or ASPNETCORE_URLS, the silo with Orleans:Endpoints:SiloPort and GatewayPort).",
        _ => null,
    };

    // Kestrel reports a taken port as an IOException over an AddressInUseException, Orleans' listeners as a SocketException.
    private static string? AddressInUse(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
                || current is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                return exception.Message;
            }
        }

        return null;
    }
}
