namespace Hermes.Contracts.Budgets;

/// <summary>A budget's caps; null means no cap on that measure.</summary>
/// <param name="Tokens">Tokens (input and output) the budget allows per period.</param>
/// <param name="Cost">Cost, in the currency of the configured prices, the budget allows per period.</param>
[GenerateSerializer, Immutable, Alias("hermes.BudgetCaps")]
public sealed record BudgetCaps(
    [property: Id(0)] long? Tokens,
    [property: Id(1)] decimal? Cost)
{
    public static BudgetCaps None { get; } = new(null, null);
}
