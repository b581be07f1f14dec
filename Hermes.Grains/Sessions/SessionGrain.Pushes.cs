using Hermes.Contracts.Sessions;
using Hermes.Contracts.Turns;

namespace Hermes.Grains.Sessions;

/// <summary>Replies whose caller left: a message with a push fallback runs detached from its caller (<see cref="Pushes.UnclaimedReplies"/>).</summary>
public sealed partial class SessionGrain
{
    public Task ClaimReplyAsync(string messageId)
    {
        _unclaimed.Claim(messageId);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Delivers a message under its caller's cancellation, or, when it names where an unclaimed reply goes, detached from
    /// it: the caller's cancellation then ends only its wait, and the reply is pushed unless the caller claims it.
    /// </summary>
    private Task<TurnResult> DeliverAsync(TurnRequest request, Func<CancellationToken, Task<TurnResult>> deliver, CancellationToken cancellationToken) =>
        request is { PushIfUnclaimed: { } fallback, MessageId: { } messageId }
            ? _unclaimed.AwaitAsync(messageId, fallback, deliver(CancellationToken.None), cancellationToken)
            : deliver(cancellationToken);
}
