using Hermes.Contracts.Budgets;
using Hermes.Grains.Sessions;
using Hermes.Grains.Storage;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Hermes.Grains.Budgets;

/// <summary>
/// One budget. Its calls interleave only where they await a write, and every change is made in memory before that, so
/// concurrent charges from many sessions add up exactly; every charge is written before it is acknowledged, in the
/// session storage provider, so counts survive restarts and moves. Charges that arrive together share one write
/// (<see cref="CoalescedStateWrites"/>): the deployment's budget is charged by every turn of the cluster.
/// </summary>
[GrainType("budget"), Reentrant]
public sealed class BudgetGrain(
    [PersistentState("budget", SessionStorage.ProviderName)] IPersistentState<BudgetState> state,
    IOptionsMonitor<BudgetOptions> options,
    TimeProvider time) : Grain, IBudgetGrain
{
    private readonly CoalescedStateWrites _writes = new(state.WriteStateAsync);

    private BudgetScope Scope => BudgetKeys.ScopeOf(this.GetPrimaryKeyString());

    private BudgetLimitOptions Configured => options.CurrentValue.For(Scope);

    public Task<BudgetStanding> GetStandingAsync()
    {
        RollOver();
        var standing = Standing();
        if (standing.Caps == BudgetCaps.None && Scope != BudgetScope.Deployment)
        {
            // Nobody charges an uncapped budget (sessions charge capped ones only), so it is only read: by each of its
            // sessions when they start and once a minute while they take turns. Kept activated, it would cost every idle
            // session's silo an activation for nothing; its next read loads it again.
            DeactivateOnIdle();
        }

        return Task.FromResult(standing);
    }

    public async Task<BudgetStanding> ChargeAsync(string? model, long inputTokens, long outputTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(outputTokens);
        RollOver();
        state.State.Tokens += inputTokens + outputTokens;
        state.State.Cost += options.CurrentValue.CostOf(model, inputTokens, outputTokens);
        await _writes.WriteAsync();
        return Standing();
    }

    public async Task<BudgetStanding> SetCapsAsync(BudgetCaps? caps)
    {
        RollOver();
        state.State.OperatorCaps = caps;
        await _writes.WriteAsync();
        return Standing();
    }

    // A new period starts from zero; the write that follows (a charge) stores it, a mere read need not.
    private void RollOver()
    {
        var start = PeriodStart(Configured.Period, time.GetUtcNow());
        if (state.State.PeriodStart != start)
        {
            (state.State.PeriodStart, state.State.Tokens, state.State.Cost) = (start, 0, 0m);
        }
    }

    private BudgetStanding Standing()
    {
        var configured = Configured;
        var caps = state.State.OperatorCaps ?? new BudgetCaps(configured.Tokens, configured.Cost);
        return new BudgetStanding(
            this.GetPrimaryKeyString(), Scope, state.State.Tokens, state.State.Cost, caps, state.State.OperatorCaps is not null, state.State.PeriodStart + configured.Period);
    }

    // Periods are counted from the Unix epoch, so a day starts at midnight UTC.
    private static DateTimeOffset PeriodStart(TimeSpan? period, DateTimeOffset now) => period is { Ticks: > 0 } length
        ? DateTimeOffset.UnixEpoch.AddTicks((now - DateTimeOffset.UnixEpoch).Ticks / length.Ticks * length.Ticks)
        : DateTimeOffset.UnixEpoch;
}
