using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;

namespace Hermes.Tests.Sessions;

public sealed class TurnSchedulerTests
{
    private readonly List<TurnUpdate> _progress = [];

    [Fact]
    public async Task Running_work_gets_the_message_id_the_progress_sink_and_a_cancellation_that_stop_uses()
    {
        var scheduler = new TurnScheduler(() => 5);
        var started = new TaskCompletionSource<TurnContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = scheduler.RunAsync(Context("m1"), TurnAdmission.Queue, async turn =>
        {
            started.SetResult(turn);
            await Task.Delay(Timeout.Infinite, turn.Cancellation);
            return Result("never");
        }, Answer);
        var context = await started.Task;

        var stop = await scheduler.StopAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("m1", context.MessageId);
        context.Report(new TextDelta("x"));
        Assert.IsType<TextDelta>(Assert.Single(_progress));
        Assert.Equal("Stopped the running turn.", stop);
        Assert.Equal((TurnOutcome.Interrupted, "Stopped before it finished."), Outcome(await running));
        Assert.False(scheduler.IsRunning);
        Assert.Equal("Nothing is running.", await scheduler.StopAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Work_waits_its_turn_in_order_and_is_told_its_place_and_a_full_queue_answers_busy_without_interrupting()
    {
        var scheduler = new TurnScheduler(() => 1);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        List<string> order = [];
        var first = scheduler.RunAsync(Context(), TurnAdmission.Queue, Work("first", order, gate.Task), Answer);
        var second = scheduler.RunAsync(Context(), TurnAdmission.Queue, Work("second", order), Answer);

        var refused = await scheduler.RunAsync(Context(), TurnAdmission.Interrupt, Work("third", order), Answer);

        Assert.Equal(TurnOutcome.Busy, refused.Outcome);
        Assert.StartsWith("Busy: 1 messages are already waiting", refused.Reply);
        Assert.Equal(1, scheduler.Waiting);
        Assert.Equal(new TurnQueued(1), Assert.Single(_progress));
        gate.SetResult();
        Assert.Equal("first", (await first).Reply);
        Assert.Equal("second", (await second).Reply);
        Assert.Equal(["first", "second"], order);
    }

    [Fact]
    public async Task Interrupting_work_stops_the_running_turn_and_runs_next()
    {
        var scheduler = new TurnScheduler(() => 5);
        List<string> order = [];
        var first = scheduler.RunAsync(Context(), TurnAdmission.Queue, Work("first", order, new TaskCompletionSource().Task), Answer);

        var second = await scheduler.RunAsync(Context(), TurnAdmission.Interrupt, Work("second", order), Answer);

        Assert.Equal(TurnOutcome.Interrupted, (await first).Outcome);
        Assert.Equal("second", second.Reply);
    }

    [Fact]
    public async Task Priority_work_goes_first_and_cancelling_all_withdraws_what_waits()
    {
        var scheduler = new TurnScheduler(() => 1);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        List<string> order = [];
        var first = scheduler.RunAsync(Context(), TurnAdmission.Queue, Work("first", order, gate.Task), Answer);
        var second = scheduler.RunAsync(Context(), TurnAdmission.Queue, Work("second", order), Answer);
        var urgent = scheduler.RunAsync(Context(), TurnAdmission.Priority, Work("urgent", order), Answer);
        gate.SetResult();
        await Task.WhenAll(first, second, urgent);
        Assert.Equal(["first", "urgent", "second"], order);
        var blocker = scheduler.RunAsync(Context(), TurnAdmission.Queue, Work("blocker", order, new TaskCompletionSource().Task), Answer);
        var waiting = scheduler.RunAsync(Context(), TurnAdmission.Priority, Work("waiting", order), Answer);

        scheduler.CancelAll();

        Assert.Equal(["first", "urgent", "second", "blocker"], order);
        Assert.Equal((TurnOutcome.Interrupted, "Stopped before it finished."), Outcome(await blocker));
        Assert.Equal((TurnOutcome.Interrupted, "The message was withdrawn before its turn came."), Outcome(await waiting));
    }

    [Fact]
    public async Task Finishing_lets_the_running_work_end_and_stops_it_once_patience_runs_out()
    {
        var scheduler = new TurnScheduler(() => 5);
        var running = scheduler.RunAsync(Context(), TurnAdmission.Queue, Work("long", [], new TaskCompletionSource().Task), Answer);
        using var patience = new CancellationTokenSource();
        var finishing = scheduler.FinishAsync(patience.Token);
        Assert.False(finishing.IsCompleted);

        await patience.CancelAsync();
        await finishing;

        Assert.Equal(TurnOutcome.Interrupted, (await running).Outcome);
    }

    private TurnContext Context(string? messageId = null) => new(messageId, _progress.Add, CancellationToken.None);

    private static Func<TurnContext, Task<TurnResult>> Work(string name, List<string> order, Task? until = null) => async turn =>
    {
        order.Add(name);
        if (until is not null)
        {
            await until.WaitAsync(turn.Cancellation);
        }

        return Result(name);
    };

    private static TurnResult Answer(string reply, TurnOutcome outcome) => Result(reply) with { Outcome = outcome };

    private static (TurnOutcome, string) Outcome(TurnResult result) => (result.Outcome, result.Reply);

    private static TurnResult Result(string reply) => new(
        0, TurnOutcome.Completed, reply, null, false, null, 0, 0, TokenUsage.None, AgentFate.NotBuilt, null, TimeSpan.Zero, null);
}
