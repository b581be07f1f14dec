using System.Globalization;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Agents;

namespace Hermes.Grains.Watchdog;

/// <summary>
/// Watches one agent turn for progress (model output, a tool starting or ending). After
/// <see cref="WatchdogOptions.StallNotice"/> of silence it tells the user, once per silence, with a
/// <see cref="TurnHeartbeat"/> that says how long the turn has been silent; after <see cref="WatchdogOptions.StallLimit"/>
/// of silence, or past <see cref="WatchdogOptions.MaxTurnDuration"/>, it stops the turn, which ends interrupted with a
/// reply that says why. Runs on the silo's <see cref="TimeProvider"/>.
/// </summary>
public static class TurnWatchdog
{
    private static readonly TimeSpan Soonest = TimeSpan.FromMilliseconds(1);

    /// <param name="run">The turn, given the progress sink to report to and the token that stops it.</param>
    /// <param name="progress">Where the turn's progress and the watchdog's notices go, when someone watches.</param>
    public static async Task<AgentTurn> RunAsync(
        Func<Action<TurnUpdate>, CancellationToken, Task<AgentTurn>> run,
        Action<TurnUpdate>? progress,
        WatchdogOptions options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var ticks = new CancellationTokenSource();
        var started = time.GetTimestamp();
        var lastProgress = started;
        var running = run(
            update =>
            {
                Interlocked.Exchange(ref lastProgress, time.GetTimestamp());
                progress?.Invoke(update);
            },
            stop.Token);

        string? verdict = null;
        var noticed = 0L;
        while (!running.IsCompleted)
        {
            var silentSince = Interlocked.Read(ref lastProgress);
            var silent = time.GetElapsedTime(silentSince);
            var left = options.MaxTurnDuration - time.GetElapsedTime(started);
            if (silent >= options.StallLimit || left <= TimeSpan.Zero)
            {
                verdict = silent >= options.StallLimit
                    ? $"I stopped this turn: it made no progress (no model output, no tool result) for {Describe(silent)}. The conversation is kept; send your message again to retry."
                    : $"I stopped this turn: it ran past its limit of {Describe(options.MaxTurnDuration!.Value)}. The conversation is kept; send your message again to retry.";
                await stop.CancelAsync();
                break;
            }

            if (silent >= options.StallNotice && noticed != silentSince)
            {
                noticed = silentSince;
                progress?.Invoke(new TurnHeartbeat(silent));
            }

            var wait = silent < options.StallNotice ? options.StallNotice - silent : options.StallLimit - silent;
            if (left < wait)
            {
                wait = left.Value;
            }

            await Task.WhenAny(running, Task.Delay(wait > Soonest ? wait : Soonest, time, ticks.Token));
        }

        // Cancelled in place: the only callback is the pending delay's, and CancelAsync would hand it to another thread.
        ticks.Cancel();
        var turn = await running;
        return verdict is not null && turn.Outcome == TurnOutcome.Interrupted && !cancellationToken.IsCancellationRequested
            ? turn with { Reply = verdict }
            : turn;
    }

    private static string Describe(TimeSpan span) => span.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} minutes")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} seconds");
}
