using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Sessions;

/// <summary>What a piece of ordered work knows about the message it serves.</summary>
/// <param name="MessageId">The front-end's id of the message, if it gave one; its result is recorded under it.</param>
/// <param name="Progress">Receives the turn's progress when the caller streams it; null when nobody watches.</param>
/// <param name="Cancellation">
/// Cancelled by the caller; once the work runs, also by <c>/stop</c>, <c>/new</c> or an interrupting message.
/// </param>
public sealed record TurnContext(string? MessageId, Action<TurnUpdate>? Progress, CancellationToken Cancellation)
{
    public void Report(TurnUpdate update) => Progress?.Invoke(update);
}
