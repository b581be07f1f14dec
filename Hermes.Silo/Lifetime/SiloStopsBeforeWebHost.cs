namespace Hermes.Silo.Lifetime;

/// <summary>
/// Stops the silo in the host's <em>stopping</em> phase, before any hosted service stops. A web application stops its
/// web server first, so without this the probes would vanish while the silo drains its turns; with it, the probes
/// answer throughout: live, and not ready. Orleans' own hosted service then finds the silo stopped.
/// </summary>
public sealed class SiloStopsBeforeWebHost(Orleans.Runtime.Silo silo, SiloShutdown shutdown) : IHostedLifecycleService
{
    private bool _started;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _started = true;
        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        shutdown.Begin();
        return _started ? silo.StopAsync(cancellationToken) : Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
