using System.Diagnostics;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Hermes.Grains.Sessions;

/// <summary>
/// Writes the session state, every change to it, together with the result of the message that caused the change, so
/// that a retry of that message finds its answer even on another activation. After a failed write memory can no longer
/// be trusted: the session then starts no new work and reloads.
/// </summary>
/// <param name="deactivate">Asks Orleans to deactivate the grain once it is idle, so that the next call reads the state afresh.</param>
public sealed partial class SessionWriter(
    IPersistentState<SessionState> state, DeliveryLog delivery, HermesMetrics metrics, Action deactivate, ILogger logger, string sessionKey)
{
    private const string WriteFailed = "The session is reloading after a failed write; send the message again.";

    // Set when memory can no longer be trusted (a write failed) or the activation is going away: no new work starts.
    private string? _unavailable;

    /// <exception cref="SessionUnavailableException">A write failed, or the activation is going away.</exception>
    public void ThrowIfUnavailable()
    {
        if (_unavailable is { } reason)
        {
            throw new SessionUnavailableException(reason);
        }
    }

    /// <summary>Writes the state with <paramref name="result"/>, recorded under the message id of <paramref name="turn"/>.</summary>
    public async Task<TurnResult> WriteAsync(TurnContext turn, TurnResult result)
    {
        if (turn.MessageId is { } messageId)
        {
            delivery.Record(messageId, result);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception)
        {
            // Memory now holds what storage refused (another activation wrote since we read: the ETag said no) or never
            // got. Never answer from it again, nor record on top of it: reload, and let the caller try again.
            _unavailable = WriteFailed;
            deactivate();
            throw;
        }

        metrics.StateWritten(Stopwatch.GetElapsedTime(started));
        return result;
    }

    /// <summary>The activation is going away: new work is refused from now on.</summary>
    public void Close() => _unavailable ??= "The session is moving; send the message again.";

    /// <summary>Writes the counters that changed since <paramref name="before"/> while the activation closed (agent dropped, MCP released).</summary>
    public async Task WriteClosingCountersAsync(SessionCounters before, CancellationToken cancellationToken)
    {
        if (state.State.Counters == before || _unavailable is WriteFailed)
        {
            return;
        }

        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            // Only counters are at stake; every turn was persisted when it ended.
            LogDeactivationWriteFailed(exception, sessionKey);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {Session} could not persist its counters while deactivating")]
    private partial void LogDeactivationWriteFailed(Exception exception, string session);
}
