using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Hermes.Grains.Sessions;

/// <summary>One conversation with the agent. Keyed by <see cref="SessionKey"/>; get it with <see cref="SessionGrainFactoryExtensions.GetSessionGrain"/>.</summary>
[Alias("hermes.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Handles one message: a slash command, or a turn of the agent. Turns of one session run one at a time; control
    /// commands (<c>/stop</c>, <c>/status</c>, <c>/new</c> …) are answered even while a turn runs. Cancelling the call
    /// cancels its turn.
    /// </summary>
    [Alias("Send")]
    Task<TurnResult> SendAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>
    /// Like <see cref="SendAsync"/>, streaming the turn's progress: a queue position, text deltas, tool calls, and
    /// last a <see cref="TurnFinished"/> with the result. Leaving the stream early cancels the turn.
    /// </summary>
    [Alias("Stream")]
    IAsyncEnumerable<TurnUpdate> StreamAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>Reads the session's state and counters; answered even while a turn runs.</summary>
    [Alias("GetSnapshot"), AlwaysInterleave]
    Task<SessionSnapshot> GetSnapshotAsync();

    /// <summary>Reads the last <paramref name="count"/> transcript messages; answered even while a turn runs.</summary>
    [Alias("GetTranscript"), AlwaysInterleave]
    Task<ImmutableArray<TranscriptMessage>> GetTranscriptAsync(int count);
}
