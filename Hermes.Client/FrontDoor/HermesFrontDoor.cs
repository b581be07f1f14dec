using Hermes.Client.Access;
using Hermes.Grains.Sessions;
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
    IOptionsMonitor<HermesClientOptions> options)
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

        var session = SessionFor(message);
        var messageId = message.MessageId ?? Guid.NewGuid().ToString("N");
        var reported = false;
        var turn = await _retry.ExecuteAsync(
            async token =>
            {
                // After progress was shown, a retry only collects the result: the id returns the recorded one, or runs
                // the message anew if its silo died before it was recorded.
                if (progress is null || reported)
                {
                    return await session.SendAsync(message.Text, messageId, token);
                }

                TurnResult? result = null;
                await foreach (var update in session.StreamAsync(message.Text, messageId, token))
                {
                    reported = true;
                    if (update is TurnFinished finished)
                    {
                        result = finished.Result;
                    }

                    await progress(update, token);
                }

                return result ?? throw new InvalidOperationException("The session's stream ended without a result.");
            },
            cancellationToken);
        return FrontDoorReply.Answered(turn);
    }

    /// <summary>The session a message belongs to, for reading its snapshot or transcript.</summary>
    public ISessionGrain SessionFor(IncomingMessage message) =>
        cluster.GetSessionGrain(SessionRouting.KeyFor(message, options.CurrentValue.SharedGroupSessions));
}
