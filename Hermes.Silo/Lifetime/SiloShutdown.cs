using Microsoft.Extensions.Options;

namespace Hermes.Silo.Lifetime;

/// <summary>
/// The silo's shutdown as the rest of the host sees it: whether it has begun (readiness turns off at once), and the
/// deadline for running turns, <see cref="ShutdownOptions.TurnDrainTimeout"/> after it began. Until that deadline
/// Orleans lets running turns finish while it routes new calls to other silos.
/// </summary>
public sealed class SiloShutdown : IDisposable
{
    private readonly CancellationTokenSource _turnDeadline = new();
    private readonly CancellationTokenRegistration _stopping;
    private readonly TimeSpan _drain;
    private int _begun;

    public SiloShutdown(IHostApplicationLifetime lifetime, IOptions<ShutdownOptions> options)
    {
        _drain = options.Value.TurnDrainTimeout;
        _stopping = lifetime.ApplicationStopping.Register(Begin);
    }

    public bool HasBegun => Volatile.Read(ref _begun) == 1;

    /// <summary>Cancelled when running turns must stop.</summary>
    public CancellationToken TurnDeadline => _turnDeadline.Token;

    /// <summary>Marks the start of the shutdown; the first call starts the drain's clock.</summary>
    public void Begin()
    {
        if (Interlocked.Exchange(ref _begun, 1) == 0)
        {
            _turnDeadline.CancelAfter(_drain);
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _turnDeadline.Dispose();
    }
}
