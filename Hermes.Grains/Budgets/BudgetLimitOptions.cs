namespace Hermes.Grains.Budgets;

/// <summary>The configured caps of one kind of budget and how often it starts again from zero.</summary>
public sealed class BudgetLimitOptions
{
    /// <summary>Tokens (input and output) allowed per period; unset means no cap.</summary>
    public long? Tokens { get; set; }

    /// <summary>Cost allowed per period, in the currency of <see cref="BudgetOptions.Prices"/>; unset means no cap.</summary>
    public decimal? Cost { get; set; }

    /// <summary>How long a period lasts, aligned to midnight UTC for whole days; unset means usage never resets by itself.</summary>
    public TimeSpan? Period { get; set; }
}
