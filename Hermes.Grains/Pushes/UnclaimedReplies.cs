using Hermes.Contracts.Pushes;
using Hermes.Contracts.Sessions;
using Microsoft.Extensions.Logging;

namespace Hermes.Grains.Pushes;

/// <summary>
/// A session's replies that nobody may take: for a message sent with a <see cref="PushFallback"/>, the turn runs
/// detached from its caller, and its reply goes to the front-end's outbox when the caller left before it finished (its
/// call was cancelled) or did not claim the result within the claim window (it crashed while the turn ran).
/// </summary>
/// <remarks>Used only from its grain's scheduler, so it needs no locks.</remarks>
public sealed partial class UnclaimedReplies(IGrainFactory grains, string sessionKey, TimeProvider time, ILogger logger)
{
    private readonly Dictionary<string, TaskCompletionSource<bool>> _awaitingClaim = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _pushing = [];

    /// <summary>
    /// Waits for <paramref name="turn"/> for its caller; the caller's cancellation ends only the wait (the turn goes on,
    /// and its reply is pushed when it ends). A result handed back waits for the caller's claim.
    /// </summary>
    public async Task<TurnResult> AwaitAsync(string messageId, PushFallback fallback, Task<TurnResult> turn, CancellationToken callerToken)
    {
        try
        {
            var result = await turn.WaitAsync(callerToken);

            // A retry under the same id is answered the same result: one claim covers both.
            if (!_awaitingClaim.ContainsKey(messageId))
            {
                Track(PushUnlessClaimedAsync(messageId, fallback, result));
            }

            return result;
        }
        catch (OperationCanceledException) when (callerToken.IsCancellationRequested)
        {
            LogCallerLeft(sessionKey);
            Track(PushWhenFinishedAsync(messageId, fallback, turn));
            throw;
        }
    }

    /// <summary>The caller received the result of <paramref name="messageId"/>: it is not pushed.</summary>
    public void Claim(string messageId) => _awaitingClaim.GetValueOrDefault(messageId)?.TrySetResult(true);

    /// <summary>For deactivation: pushes every result still waiting for its claim, and waits for the pushes, at most until <paramref name="patience"/> ends.</summary>
    public async Task CloseAsync(CancellationToken patience)
    {
        foreach (var claim in _awaitingClaim.Values)
        {
            claim.TrySetResult(false);
        }

        try
        {
            await Task.WhenAll(_pushing).WaitAsync(patience);
        }
        catch (OperationCanceledException)
        {
            LogPushesCut(sessionKey, _pushing.Count);
        }
    }

    private async Task PushUnlessClaimedAsync(string messageId, PushFallback fallback, TurnResult result)
    {
        // Registered before the result goes back (this runs synchronously up to its first await), so no claim is missed.
        var claim = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaitingClaim[messageId] = claim;
        bool claimed;
        try
        {
            claimed = await claim.Task.WaitAsync(fallback.ClaimWindow, time);
        }
        catch (TimeoutException)
        {
            claimed = false;
        }
        finally
        {
            _awaitingClaim.Remove(messageId);
        }

        if (!claimed)
        {
            LogUnclaimed(sessionKey);
            await PushAsync(messageId, fallback, result);
        }
    }

    private async Task PushWhenFinishedAsync(string messageId, PushFallback fallback, Task<TurnResult> turn)
    {
        TurnResult result;
        try
        {
            result = await turn;
        }
        catch (Exception exception)
        {
            // Refused or faulted before it had an answer: there is nothing to push; the transcript says what was recorded.
            LogNothingToPush(exception, sessionKey);
            return;
        }

        await PushAsync(messageId, fallback, result);
    }

    private async Task PushAsync(string messageId, PushFallback fallback, TurnResult result)
    {
        var text = result.Notice is null ? result.Reply : $"{result.Notice}\n\n{result.Reply}";
        try
        {
            await grains.GetGrain<IPushOutboxGrain>(fallback.Destination).EnqueueAsync(new PushedReply(messageId, sessionKey, text, time.GetUtcNow(), CallerLeft: true));
        }
        catch (Exception exception)
        {
            LogPushFailed(exception, sessionKey);
        }
    }

    private void Track(Task pushing)
    {
        if (pushing.IsCompleted)
        {
            return;
        }

        _pushing.Add(pushing);
        pushing.ContinueWith(done => _pushing.Remove(done), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Current);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The caller of a turn in session {SessionKey} left; the turn goes on and its reply will be pushed")]
    private partial void LogCallerLeft(string sessionKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "A turn's result in session {SessionKey} was not claimed by its caller; pushing it")]
    private partial void LogUnclaimed(string sessionKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A turn in session {SessionKey} whose caller left ended without an answer to push")]
    private partial void LogNothingToPush(Exception exception, string sessionKey);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pushing a reply of session {SessionKey} to its front-end's outbox failed; it stays in the transcript")]
    private partial void LogPushFailed(Exception exception, string sessionKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionKey} deactivated with {Count} replies still being pushed")]
    private partial void LogPushesCut(string sessionKey, int count);
}
