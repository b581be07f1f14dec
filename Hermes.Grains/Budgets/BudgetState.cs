using Hermes.Contracts.Budgets;

namespace Hermes.Grains.Budgets;

/// <summary>The durable part of a budget: this period's usage and any caps an operator set.</summary>
[GenerateSerializer, Alias("hermes.BudgetState")]
public sealed class BudgetState
{
    [Id(0)] public long Tokens { get; set; }

    [Id(1)] public decimal Cost { get; set; }

    /// <summary>When the counted period began (the epoch for a budget that never resets).</summary>
    [Id(2)] public DateTimeOffset PeriodStart { get; set; }

    /// <summary>Caps an operator set in place of the configured ones; null follows configuration.</summary>
    [Id(3)] public BudgetCaps? OperatorCaps { get; set; }
}
