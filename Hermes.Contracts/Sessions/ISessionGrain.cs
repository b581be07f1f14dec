using System.Collections.Immutable;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Turns;
using Orleans.Concurrency;

namespace Hermes.Contracts.Sessions;

/// <summary>One conversation with the agent. Keyed by <see cref="SessionKey"/>; get it with <see cref="SessionGrainFactoryExtensions.GetSessionGrain"/>.</summary>
[Alias("hermes.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Handles one message: a slash command, or a turn of the agent. Turns of one session run one at a time; control
    /// commands (<c>/stop</c>, <c>/status</c>, <c>/new</c> …) are answered even while a turn runs. Cancelling the call
    /// cancels its turn.
    /// </summary>
    /// <param name="text">What the user wrote; it must hold more than whitespace.</param>
    /// <param name="messageId">
    /// The front-end's id for this message. A message sent again with the same id and the same text (a retry after a
    /// lost connection) gets the result of the first, whether that is recorded or still running, and never runs twice.
    /// </param>
    /// <param name="cancellationToken">Cancels the turn.</param>
    /// <returns>
    /// The turn's result. Outcomes that are answers, not faults: <see cref="TurnOutcome.Failed"/> (the model chain could
    /// not answer), <see cref="TurnOutcome.Interrupted"/> (stopped, or replaced by a newer message) and
    /// <see cref="TurnOutcome.Busy"/> (the queue was full; send again later).
    /// </returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="text"/> is empty or only whitespace. Nothing ran; a front-end answers its user's bad request
    /// (HTTP 400), not a server error.
    /// </exception>
    /// <exception cref="MessageIdReusedException">
    /// <paramref name="messageId"/> already belongs to a different text in this session (recorded or still running).
    /// Nothing ran; a front-end refuses the request as a conflict (HTTP 422 for a reused idempotency key).
    /// </exception>
    /// <exception cref="SessionUnavailableException">
    /// The session is reloading after a failed write, or moving to another silo. Nothing ran; send the message again.
    /// </exception>
    [Alias("Send")]
    Task<TurnResult> SendAsync(string text, string? messageId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Like <see cref="SendAsync"/>, streaming the turn's progress: a queue position, text deltas, tool calls, a
    /// <see cref="TurnHeartbeat"/> at a steady interval, and last a <see cref="TurnFinished"/> with the result. Leaving
    /// the stream early cancels the turn. The stream ends with the exceptions <see cref="SendAsync"/> documents, before
    /// any update, when the message is refused.
    /// </summary>
    [Alias("Stream")]
    IAsyncEnumerable<TurnUpdate> StreamAsync(string text, string? messageId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Like <see cref="SendAsync"/>, with what the front-end asks of the turn besides its text: instructions and sampling
    /// options for this turn, the client's view of the history (which the session then follows), or a turn not kept.
    /// With <see cref="TurnRequest.PushIfUnclaimed"/>, cancelling the call only ends the caller's wait: the turn goes on
    /// and its reply is pushed to that outbox.
    /// </summary>
    [Alias("SendTurn")]
    Task<TurnResult> SendTurnAsync(TurnRequest request, CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="StreamAsync"/>, for a <see cref="TurnRequest"/> (see <see cref="SendTurnAsync"/>).</summary>
    [Alias("StreamTurn")]
    IAsyncEnumerable<TurnUpdate> StreamTurnAsync(TurnRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// The caller of the message <paramref name="messageId"/> received its result (<see cref="TurnRequest.PushIfUnclaimed"/>):
    /// it is not pushed. One-way, so that a front-end pays no round trip for it.
    /// </summary>
    [Alias("ClaimReply"), AlwaysInterleave, OneWay]
    Task ClaimReplyAsync(string messageId);

    /// <summary>Reads the session's state and counters; answered even while a turn runs.</summary>
    [Alias("GetSnapshot"), AlwaysInterleave]
    Task<SessionSnapshot> GetSnapshotAsync();

    /// <summary>Reads the last <paramref name="count"/> messages of the recent transcript; answered even while a turn runs.</summary>
    [Alias("GetTranscript"), AlwaysInterleave]
    Task<ImmutableArray<TranscriptMessage>> GetTranscriptAsync(int count);

    /// <summary>
    /// Reads an archive page of this conversation (<paramref name="sessionId"/> null) or of an earlier one; pages are
    /// numbered from 0, oldest first, and an unknown page is empty.
    /// </summary>
    [Alias("GetArchivedPage"), AlwaysInterleave]
    Task<ImmutableArray<TranscriptMessage>> GetArchivedPageAsync(string? sessionId, int page);

    /// <summary>
    /// Reconnects this session's MCP servers (its own ones restart; shared ones list their tools again) and gives the
    /// cached agent the new tool list without rebuilding it. Returns the servers' state afterwards.
    /// </summary>
    [Alias("ReloadMcp")]
    Task<ImmutableArray<McpServerStatus>> ReloadMcpAsync(CancellationToken cancellationToken = default);

    /// <summary>Operator action: drops the cached agent (counted as <see cref="AgentDropReason.Released"/>) and releases the MCP handles.</summary>
    [Alias("Release")]
    Task ReleaseAsync();
}
