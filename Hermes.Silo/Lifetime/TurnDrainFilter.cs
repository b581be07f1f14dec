using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Orleans.Serialization.Invocation;

namespace Hermes.Silo.Lifetime;

/// <summary>
/// Cancels a session call still running at the <see cref="SiloShutdown.TurnDeadline"/>, through the call's own
/// cancellation token: the turn then ends as interrupted and is recorded like any other, before the grain deactivates.
/// </summary>
public sealed class TurnDrainFilter(SiloShutdown shutdown) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is not ISessionGrain || !context.Request.IsCancellable)
        {
            await context.Invoke();
            return;
        }

        using var registration = shutdown.TurnDeadline.Register(static request => ((IInvokable)request!).TryCancel(), context.Request);
        await context.Invoke();
    }
}
