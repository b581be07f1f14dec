using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Sessions;

/// <summary>
/// Once per message id: a message sent again under its id (a front-end's retry) gets the first one's result, whether that
/// is recorded or still being worked on; a different message under a used id is refused before anything runs.
/// </summary>
/// <param name="delivered">The durable list of results, newest last, written with the state change each result caused.</param>
/// <remarks>Used only from its grain's scheduler, so it needs no locks.</remarks>
public sealed class DeliveryLog(Func<List<DeliveredMessage>> delivered)
{
    /// <summary>Results kept per session: retries come within seconds, so a few are plenty.</summary>
    public const int Kept = 20;

    // Made by the first message with an id: many sessions never get one, and an idle one keeps nothing in it.
    private Dictionary<string, InFlightMessage>? _inFlight;

    /// <summary>Runs <paramref name="handle"/> for a message not seen before; answers a repeated one from its first attempt.</summary>
    /// <exception cref="MessageIdReusedException">The id belongs to a message with another text.</exception>
    public async Task<TurnResult> DeliverOnceAsync(
        string? messageId, string text, Func<CancellationToken, Task<TurnResult>> handle, CancellationToken cancellationToken)
    {
        if (messageId is null)
        {
            return await handle(cancellationToken);
        }

        var digest = MessageDigest.Of(text);
        if (delivered().FindLast(entry => entry.MessageId == messageId) is { } earlier)
        {
            ThrowIfReused(messageId, earlier.TextDigest, digest);
            return earlier.Result;
        }

        if (_inFlight?.TryGetValue(messageId, out var running) == true)
        {
            ThrowIfReused(messageId, running.TextDigest, digest);

            // A caller asking again for a message still being handled takes it over: its cancellation stops the turn.
            using var takeover = cancellationToken.Register(running.Cancel);
            return await running.Result;
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var message = new InFlightMessage(digest, cancellation);

        // Known before the work starts: the work may record its result before its first await.
        (_inFlight ??= new(StringComparer.Ordinal))[messageId] = message;
        var handling = handle(cancellation.Token);
        try
        {
            return await handling;
        }
        finally
        {
            _inFlight.Remove(messageId);
            message.Finish(handling);
        }
    }

    /// <summary>Keeps <paramref name="result"/> for <paramref name="messageId"/>; call it just before the state is written.</summary>
    public void Record(string messageId, TurnResult result)
    {
        var list = delivered();
        list.Add(new DeliveredMessage(messageId, result, _inFlight?.GetValueOrDefault(messageId)?.TextDigest));
        if (list.Count > Kept)
        {
            list.RemoveRange(0, list.Count - Kept);
        }
    }

    private static void ThrowIfReused(string messageId, string? recorded, string digest)
    {
        if (!MessageDigest.Matches(recorded, digest))
        {
            throw new MessageIdReusedException(
                $"Message id '{messageId}' was already used for a different message in this session; a retry must repeat the message exactly, and a new message needs a new id.");
        }
    }
}
