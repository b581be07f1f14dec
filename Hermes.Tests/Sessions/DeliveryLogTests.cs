using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;

namespace Hermes.Tests.Sessions;

public sealed class DeliveryLogTests
{
    private readonly List<DeliveredMessage> _delivered = [];
    private int _handled;

    private DeliveryLog Log() => new(() => _delivered);

    [Fact]
    public async Task A_repeated_id_with_the_same_text_gets_the_recorded_result_without_running_again()
    {
        var log = Log();
        var first = await log.DeliverOnceAsync("m1", "hello", _ => HandleAndRecordAsync(log, "m1", 1), CancellationToken.None);

        var again = await log.DeliverOnceAsync("m1", "hello", _ => HandleAndRecordAsync(log, "m1", 2), CancellationToken.None);

        Assert.Same(first, again);
        Assert.Equal(1, _handled);
    }

    [Fact]
    public async Task A_used_id_with_another_text_is_refused_and_nothing_runs()
    {
        var log = Log();
        await log.DeliverOnceAsync("m1", "hello", _ => HandleAndRecordAsync(log, "m1", 1), CancellationToken.None);

        await Assert.ThrowsAsync<MessageIdReusedException>(() => log.DeliverOnceAsync("m1", "goodbye", _ => HandleAndRecordAsync(log, "m1", 2), CancellationToken.None));
        Assert.Equal(1, _handled);
    }

    [Fact]
    public async Task An_entry_written_before_digests_were_kept_matches_any_text()
    {
        var earlier = Result(7);
        _delivered.Add(new DeliveredMessage("m1", earlier));

        var again = await Log().DeliverOnceAsync("m1", "whatever it was", _ => HandleAsync(8), CancellationToken.None);

        Assert.Same(earlier, again);
        Assert.Equal(0, _handled);
    }

    [Fact]
    public async Task A_retry_of_a_message_in_flight_shares_its_result_and_another_text_under_its_id_is_refused()
    {
        var log = Log();
        var gate = new TaskCompletionSource<TurnResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = log.DeliverOnceAsync("m1", "hello", _ => gate.Task, CancellationToken.None);

        var retry = log.DeliverOnceAsync("m1", "hello", _ => HandleAsync(2), CancellationToken.None);
        await Assert.ThrowsAsync<MessageIdReusedException>(() => log.DeliverOnceAsync("m1", "other", _ => HandleAsync(3), CancellationToken.None));
        gate.SetResult(Result(1));

        Assert.Same(await first, await retry);
        Assert.Equal(0, _handled);
    }

    [Fact]
    public async Task A_caller_that_takes_over_a_message_in_flight_cancels_it_with_its_own_token()
    {
        var log = Log();
        CancellationToken seen = default;
        var first = log.DeliverOnceAsync("m1", "hello", async token =>
        {
            seen = token;
            await Task.Delay(Timeout.Infinite, token);
            return Result(1);
        }, CancellationToken.None);
        using var takeover = new CancellationTokenSource();
        var again = log.DeliverOnceAsync("m1", "hello", _ => HandleAsync(2), takeover.Token);

        await takeover.CancelAsync();

        Assert.True(seen.IsCancellationRequested);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => again);
    }

    [Fact]
    public async Task A_result_recorded_before_the_work_first_yields_keeps_the_digest_of_its_text()
    {
        var log = Log();

        await log.DeliverOnceAsync("m1", "hello", _ => Task.FromResult(Record(log, "m1", Result(1))), CancellationToken.None);

        Assert.Equal(MessageDigest.Of("hello"), Assert.Single(_delivered).TextDigest);
    }

    [Fact]
    public async Task Messages_without_an_id_always_run_and_only_the_latest_results_are_kept()
    {
        var log = Log();
        await log.DeliverOnceAsync(null, "hello", _ => HandleAsync(1), CancellationToken.None);
        await log.DeliverOnceAsync(null, "hello", _ => HandleAsync(2), CancellationToken.None);
        for (var i = 0; i < DeliveryLog.Kept + 5; i++)
        {
            await log.DeliverOnceAsync($"m{i}", "hello", _ => HandleAndRecordAsync(log, $"m{i}", i), CancellationToken.None);
        }

        Assert.Equal(2 + DeliveryLog.Kept + 5, _handled);
        Assert.Equal(DeliveryLog.Kept, _delivered.Count);
        Assert.Equal("m5", _delivered[0].MessageId);
    }

    private Task<TurnResult> HandleAsync(int turn)
    {
        _handled++;
        return Task.FromResult(Result(turn));
    }

    private async Task<TurnResult> HandleAndRecordAsync(DeliveryLog log, string messageId, int turn)
    {
        await Task.Yield();
        return Record(log, messageId, await HandleAsync(turn));
    }

    private static TurnResult Record(DeliveryLog log, string messageId, TurnResult result)
    {
        log.Record(messageId, result);
        return result;
    }

    private static TurnResult Result(int turn) => new(
        turn, TurnOutcome.Completed, $"reply {turn}", null, false, null, 0, 0, TokenUsage.None, AgentFate.Kept, null, TimeSpan.Zero, null);
}
