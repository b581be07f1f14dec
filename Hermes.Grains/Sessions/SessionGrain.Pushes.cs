using Hermes.Contracts.Sessions;
using Hermes.Contracts.Turns;
using Hermes.Grains.Pushes;

namespace Hermes.Grains.Sessions;

/// <summary>Replies whose caller left: a message with a push fallback runs detached from its caller (<see cref="UnclaimedReplies"/>).</summary>
public sealed partial class SessionGrain
{
    // Made by the first message that names a push fallback: most sessions never do.
    private UnclaimedReplies? _unclaimed;

    public Task ClaimReplyAsync(string messageId)
    {
        // Without the part, no reply of this activation waits for a claim.
        _unclaimed?.Claim(messageId);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Delivers a message under its caller's cancellation, or, when it names where an unclaimed reply goes, detached from
    /// it: the caller's cancellation then ends only its wait, and the reply is pushed unless the caller claims it.
    /// </summary>
    private Task<TurnResult> DeliverAsync(TurnRequest request, Func<CancellationToken, Task<TurnResult>> deliver, CancellationToken cancellationToken) =>
        request is { PushIfUnclaimed: { } fallback, MessageId: { } messageId }
            ? (_unclaimed ??= new UnclaimedReplies(GrainFactory, this.GetPrimaryKeyString(), _time, _logger)).AwaitAsync(messageId, fallback, deliver(CancellationToken.None), cancellationToken)
            : deliver(cancellationToken);
}
