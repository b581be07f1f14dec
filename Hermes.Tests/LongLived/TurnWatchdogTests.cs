using Hermes.Contracts.Sessions;
using Hermes.Grains.Agents;
using Hermes.Grains.Models;
using Hermes.Grains.Watchdog;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Hermes.Tests.LongLived;

/// <summary>The watchdog on a fake clock, around a turn whose model goes silent.</summary>
public sealed class TurnWatchdogTests
{
    private static readonly WatchdogOptions Options = new() { StallNotice = TimeSpan.FromMinutes(1), StallLimit = TimeSpan.FromMinutes(5) };

    private readonly FakeTimeProvider _time = new();
    private readonly List<TurnUpdate> _updates = [];

    [Fact]
    public async Task A_stalled_turn_is_reported_once_per_silence_and_ended_interrupted_at_the_limit()
    {
        var watched = TurnWatchdog.RunAsync(SilentModelAsync, Report, Options, _time, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(Stalls());
        _time.Advance(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => Stalls().Length == 1, "the stall notice");
        _time.Advance(TimeSpan.FromMinutes(3));
        Assert.False(watched.IsCompleted);
        _time.Advance(TimeSpan.FromMinutes(1));
        var turn = await watched;

        Assert.Equal(TimeSpan.FromMinutes(1), Assert.Single(Stalls()).SilentFor);
        Assert.Equal(TurnOutcome.Interrupted, turn.Outcome);
        Assert.StartsWith("I stopped this turn: it made no progress (no model output, no tool result) for 5 minutes.", turn.Reply);
    }

    [Fact]
    public async Task Progress_starts_the_silence_over_and_a_turn_that_ends_in_time_is_left_alone()
    {
        var speak = new TaskCompletionSource();
        var finish = new TaskCompletionSource();
        var watched = TurnWatchdog.RunAsync(
            async (progress, token) =>
            {
                await speak.Task.WaitAsync(token);
                progress(new TextDelta("still here"));
                await finish.Task.WaitAsync(token);
                return new AgentTurn(TurnOutcome.Completed, "done", [], [], new ModelTurnLog(), 0, TokenUsage.None);
            },
            Report,
            Options,
            _time,
            CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(4));
        await Poll.UntilAsync(() => Stalls().Length == 1, "the first stall notice");
        speak.SetResult();
        await Poll.UntilAsync(() => _updates.OfType<TextDelta>().Any(), "the model's output");
        _time.Advance(TimeSpan.FromMinutes(4));
        await Poll.UntilAsync(() => Stalls().Length == 2, "the notice of the second silence");
        finish.SetResult();
        var turn = await watched;

        Assert.Equal((TurnOutcome.Completed, "done"), (turn.Outcome, turn.Reply));
    }

    [Fact]
    public async Task A_turn_past_its_hard_limit_ends_interrupted_even_while_it_makes_progress()
    {
        var limited = new WatchdogOptions { StallNotice = TimeSpan.FromMinutes(1), StallLimit = TimeSpan.FromMinutes(5), MaxTurnDuration = TimeSpan.FromMinutes(10) };
        Action<TurnUpdate>? speak = null;
        var watched = TurnWatchdog.RunAsync(
            (progress, token) =>
            {
                speak = progress;
                return SilentModelAsync(progress, token);
            },
            Report,
            limited,
            _time,
            CancellationToken.None);

        // The model says something every minute, so the turn never stalls; it only runs too long.
        for (var minute = 0; minute < 10; minute++)
        {
            speak!(new TextDelta("tick"));
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        var turn = await watched;
        Assert.Equal(TurnOutcome.Interrupted, turn.Outcome);
        Assert.StartsWith("I stopped this turn: it ran past its limit of 10 minutes.", turn.Reply);
    }

    private TurnHeartbeat[] Stalls()
    {
        lock (_updates)
        {
            return [.. _updates.OfType<TurnHeartbeat>().Where(beat => beat.SilentFor is not null)];
        }
    }

    private void Report(TurnUpdate update)
    {
        lock (_updates)
        {
            _updates.Add(update);
        }
    }

    // A model that never answers: the turn ends only when it is stopped, as SessionAgent ends a cancelled call.
    private static async Task<AgentTurn> SilentModelAsync(Action<TurnUpdate> progress, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        return AgentTurn.Interrupted(new ModelTurnLog(), 0, TokenUsage.None);
    }
}
