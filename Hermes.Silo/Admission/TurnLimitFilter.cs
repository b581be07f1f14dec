using Hermes.Contracts.Sessions;
using Microsoft.Extensions.Options;

namespace Hermes.Silo.Admission;

/// <summary>
/// Back-pressure for the whole silo: counts the messages sessions are working on, and refuses one beyond
/// <see cref="TurnLimitOptions.MaxTurnsInFlight"/> at once with <see cref="SessionUnavailableException"/> (which
/// front-ends send again), instead of letting it wait until the caller's timeout.
/// </summary>
public sealed class TurnLimitFilter(IOptions<TurnLimitOptions> options) : IIncomingGrainCallFilter
{
    private int _inFlight;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is not ISessionGrain || context.InterfaceMethod.Name != nameof(ISessionGrain.SendAsync))
        {
            await context.Invoke();
            return;
        }

        try
        {
            if (Interlocked.Increment(ref _inFlight) > options.Value.MaxTurnsInFlight)
            {
                throw new SessionUnavailableException(
                    $"The silo is busy: {options.Value.MaxTurnsInFlight:#,0} messages are being worked on; send the message again shortly.");
            }

            await context.Invoke();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
