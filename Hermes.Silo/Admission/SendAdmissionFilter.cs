using Hermes.Contracts.Sessions;
using Microsoft.Extensions.Options;

namespace Hermes.Silo.Admission;

/// <summary>
/// Back-pressure where a message enters the cluster from this silo's own callers (the hosted client, grains): at most
/// <see cref="TurnLimitOptions.MaxSendsAtOnce"/> <c>SendAsync</c> calls are open at once; one more waits for room up to
/// <see cref="TurnLimitOptions.AdmissionWait"/> and then is refused with <see cref="SessionUnavailableException"/>.
/// </summary>
/// <remarks>
/// Its wait runs before the message is sent, so Orleans' response timeout does not tick: the messages in the silo stay
/// few enough to be answered within it, however many callers wait. <see cref="TurnLimitFilter"/> counts messages only
/// once their session is active, too late for thousands of new sessions at once.
/// </remarks>
public sealed class SendAdmissionFilter(IOptions<TurnLimitOptions> options) : IOutgoingGrainCallFilter, IDisposable
{
    private readonly SemaphoreSlim _room = new(options.Value.MaxSendsAtOnce, options.Value.MaxSendsAtOnce);

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType != typeof(ISessionGrain) || context.InterfaceMethod.Name != nameof(ISessionGrain.SendAsync))
        {
            await context.Invoke();
            return;
        }

        if (!await _room.WaitAsync(options.Value.AdmissionWait))
        {
            throw new SessionUnavailableException(
                $"The silo is busy: {options.Value.MaxSendsAtOnce:#,0} messages are being worked on; send the message again shortly.");
        }

        try
        {
            await context.Invoke();
        }
        finally
        {
            _room.Release();
        }
    }

    public void Dispose() => _room.Dispose();
}
