using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Hermes.Client.FrontDoor;

/// <summary>
/// Decides whether a front-end's first connection to the cluster is tried again: after a transient fault (no gateway
/// listening yet, a silo starting), every half second until <see cref="HermesClientOptions.ConnectTimeout"/> has passed
/// since the first failure. Then, or after any other fault, the host's start fails with one plain
/// <see cref="ClusterUnreachableException"/> instead of Orleans' default of fifteen ever longer waits (three minutes).
/// </summary>
public sealed class ClusterConnectRetry(IOptions<HermesClientOptions> options, IConfiguration configuration, TimeProvider time) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private long? _firstFailure;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        _firstFailure ??= time.GetTimestamp();
        var timeout = options.Value.ConnectTimeout;
        if (!ClusterFault.IsTransient(exception) || time.GetElapsedTime(_firstFailure.Value) + Interval > timeout)
        {
            throw ClusterUnreachableException.After(exception, timeout, configuration);
        }

        await Task.Delay(Interval, time, cancellationToken);
        return true;
    }
}
