using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Sessions;

/// <summary>A message being handled now: its result to come, and the cancellation that any caller asking for it may use.</summary>
internal sealed record InFlightMessage(Task<TurnResult> Result, CancellationTokenSource Cancellation)
{
    public void Cancel()
    {
        try
        {
            Cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The message was handled meanwhile.
        }
    }
}
