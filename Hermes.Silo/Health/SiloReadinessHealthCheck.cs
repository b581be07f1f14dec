using Hermes.Silo.Lifetime;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hermes.Silo.Health;

/// <summary>
/// Ready only while this silo is active in the cluster's membership and its host is not stopping, so that a load
/// balancer or Kubernetes sends nothing to a silo that is starting, or draining its turns before it leaves.
/// </summary>
public sealed class SiloReadinessHealthCheck(
    ILocalSiloDetails localSilo,
    IClusterMembershipService membership,
    SiloShutdown shutdown) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (shutdown.HasBegun)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The silo is shutting down."));
        }

        var status = membership.CurrentSnapshot.GetSiloStatus(localSilo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("The silo is active in the cluster.")
            : HealthCheckResult.Unhealthy($"The silo is {status} in the cluster."));
    }
}
