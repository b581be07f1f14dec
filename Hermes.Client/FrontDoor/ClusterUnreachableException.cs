using System.Globalization;
using Hermes.ServiceDefaults.Clustering;
using Microsoft.Extensions.Configuration;

namespace Hermes.Client.FrontDoor;

/// <summary>A front-end could not reach the cluster when it started; the message says so in one line, with what to do.</summary>
public sealed class ClusterUnreachableException(string message, Exception innerException) : Exception(message, innerException)
{
    /// <summary>The exit code of a <c>hermes</c> command that could not reach the cluster.</summary>
    public const int ExitCode = 3;

    public static ClusterUnreachableException After(Exception lastFault, TimeSpan timeout, IConfiguration configuration)
    {
        var clustering = configuration[OrleansDefaults.ClusteringProviderKey];
        var where = configuration.GetSection("Orleans:Clustering:Gateways").GetChildren().Select(gateway => gateway.Value).ToArray() is { Length: > 0 } gateways
            ? $"gateway {string.Join(", ", gateways)}"
            : $"{clustering} clustering";
        var reason = lastFault.Message.ReplaceLineEndings(" ");
        return new ClusterUnreachableException(
            string.Create(CultureInfo.InvariantCulture, $"Could not reach the Hermes cluster ({where}) within {timeout.TotalSeconds:0.#} s: {reason} ") +
            "Is a silo running (dotnet run --project Hermes.Silo)? Where front-ends look is set under Orleans:Clustering.",
            lastFault);
    }
}
