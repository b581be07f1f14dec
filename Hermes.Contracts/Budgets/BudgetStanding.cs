namespace Hermes.Contracts.Budgets;

/// <summary>A budget now: what its period used against its caps, and when the period ends.</summary>
/// <param name="Key">The budget's grain key (<see cref="BudgetKeys"/>).</param>
/// <param name="Scope">What it caps.</param>
/// <param name="TokensUsed">Tokens used in this period.</param>
/// <param name="CostUsed">Cost of this period, from the configured prices.</param>
/// <param name="Caps">The caps in force.</param>
/// <param name="SetByOperator">True when an operator set <paramref name="Caps"/>, replacing the configured ones.</param>
/// <param name="ResetsAt">When usage starts again from zero; null for a budget that never resets.</param>
[GenerateSerializer, Immutable, Alias("hermes.BudgetStanding")]
public sealed record BudgetStanding(
    [property: Id(0)] string Key,
    [property: Id(1)] BudgetScope Scope,
    [property: Id(2)] long TokensUsed,
    [property: Id(3)] decimal CostUsed,
    [property: Id(4)] BudgetCaps Caps,
    [property: Id(5)] bool SetByOperator,
    [property: Id(6)] DateTimeOffset? ResetsAt)
{
    /// <summary>True when a cap is reached: no new turn may start until the period ends or a cap is raised.</summary>
    public bool Exhausted => TokensUsed >= Caps.Tokens || CostUsed >= Caps.Cost;
}
