using Hermes.Client.Access;
using Hermes.Client.Pushes;
using Hermes.Contracts.Approvals;
using Hermes.Contracts.Pushes;
using Hermes.Contracts.Sessions;
using Hermes.Contracts.Turns;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace Hermes.Client.FrontDoor;

/// <summary>
/// The one entry point a front-end needs: turns a platform message into a session call. It applies authorisation,
/// builds the session key, gives the message an id, and retries transient cluster errors without running it twice.
/// </summary>
public sealed class HermesFrontDoor(
    IClusterClient cluster,
    AccessPolicy access,
    ResiliencePipelineProvider<string> pipelines,
    IOptionsMonitor<HermesClientOptions> options,
    IOptionsMonitor<PushOptions> pushes)
{
    private readonly ResiliencePipeline _retry = pipelines.GetPipeline(ClusterRetry.PipelineName);

    /// <summary>Sends a message and returns what to show the user.</summary>
    /// <param name="message">The platform message.</param>
    /// <param name="progress">When given, the turn is streamed and each update (text deltas, tool calls) reported as it comes.</param>
    /// <param name="cancellationToken">Cancels the call and the turn it started.</param>
    public async Task<FrontDoorReply> SendAsync(IncomingMessage message, Func<TurnUpdate, CancellationToken, ValueTask>? progress = null, CancellationToken cancellationToken = default)
    {
        if (await access.CheckAsync(message, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        // The session records who may decide a tool call this message leads to, and checks who answers one.
        ApprovalCaller.SetSender(message.UserId);
        var key = SessionRouting.KeyFor(message, options.CurrentValue.SharedGroupSessions);
        var session = cluster.GetSessionGrain(key);
        var messageId = message.MessageId ?? Guid.NewGuid().ToString("N");

        // If this caller leaves (or this process dies) before the answer, the session pushes it to the front-end's outbox.
        var fallback = PushDestination.Drained(key) is { } destination ? new PushFallback(destination, pushes.CurrentValue.ClaimWindow) : null;
        var request = new TurnRequest(message.Text, messageId, message.Directives, fallback);
        using var turnDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        turnDeadline.CancelAfter(options.CurrentValue.TurnTimeout);
        var reported = false;
        var streamedToTheEnd = false;
        var turn = await WithinTurnTimeoutAsync(turnDeadline, cancellationToken, () => _retry.ExecuteAsync(
            async token =>
            {
                while (true)
                {
                    try
                    {
                        // After progress was shown, a retry only collects the result: the id returns the recorded one,
                        // joins the turn still running, or runs the message anew if its silo died before recording it.
                        if (progress is null || reported)
                        {
                            return await session.SendTurnAsync(request, token);
                        }

                        var streamed = await StreamAsync(session, request, update =>
                        {
                            reported = true;
                            return progress(update, token);
                        }, token);
                        streamedToTheEnd = true;
                        return streamed;
                    }
                    catch (TimeoutException) when (!turnDeadline.IsCancellationRequested)
                    {
                        // The turn goes on in its grain (a timeout does not cancel it): ask again under the same id.
                    }
                }
            },
            turnDeadline.Token));
        if (fallback is not null)
        {
            await ClaimAsync(session, messageId);
        }

        return FrontDoorReply.Answered(turn) with { ProgressCut = reported && !streamedToTheEnd };
    }

    /// <summary>Tells the session that this caller has the answer, so that it is not pushed as well.</summary>
    private static async Task ClaimAsync(ISessionGrain session, string messageId)
    {
        try
        {
            await session.ClaimReplyAsync(messageId);
        }
        catch (Exception exception) when (ClusterFault.IsTransient(exception))
        {
            // The session pushes the reply after its claim window too: shown twice, never lost.
        }
    }

    /// <summary>Reports a turn that outlived <see cref="HermesClientOptions.TurnTimeout"/> as a timeout, not as the caller's cancellation.</summary>
    private async Task<TurnResult> WithinTurnTimeoutAsync(CancellationTokenSource turnDeadline, CancellationToken callerToken, Func<ValueTask<TurnResult>> call)
    {
        try
        {
            return await call();
        }
        catch (OperationCanceledException) when (turnDeadline.IsCancellationRequested && !callerToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The message got no answer within {options.CurrentValue.TurnTimeout} (Hermes:Client:TurnTimeout).");
        }
    }

    private static async Task<TurnResult> StreamAsync(
        ISessionGrain session, TurnRequest request, Func<TurnUpdate, ValueTask> progress, CancellationToken cancellationToken)
    {
        TurnResult? result = null;
        await foreach (var update in session.StreamTurnAsync(request, cancellationToken))
        {
            if (update is TurnFinished finished)
            {
                result = finished.Result;
            }

            await progress(update);
        }

        return result ?? throw new InvalidOperationException("The session's stream ended without a result.");
    }

    /// <summary>The session a message belongs to, for reading its snapshot or transcript.</summary>
    public ISessionGrain SessionFor(IncomingMessage message) =>
        cluster.GetSessionGrain(SessionRouting.KeyFor(message, options.CurrentValue.SharedGroupSessions));
}
