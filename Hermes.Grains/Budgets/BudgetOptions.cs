using Hermes.Contracts.Budgets;

namespace Hermes.Grains.Budgets;

/// <summary>Token and cost caps, and model prices. Section <c>Hermes:Budgets</c>.</summary>
public sealed class BudgetOptions
{
    public const string SectionName = "Hermes:Budgets";

    /// <summary>Each session's caps; by default it never resets (an operator raises or lifts it).</summary>
    public BudgetLimitOptions Session { get; set; } = new();

    /// <summary>Each user's caps across their sessions; by default per day.</summary>
    public BudgetLimitOptions User { get; set; } = new() { Period = TimeSpan.FromDays(1) };

    /// <summary>The whole deployment's caps; by default per day.</summary>
    public BudgetLimitOptions Deployment { get; set; } = new() { Period = TimeSpan.FromDays(1) };

    /// <summary>Prices by model id (<c>Hermes:Budgets:Prices:{model}:InputPerMillion</c>); a model not listed costs nothing.</summary>
    public Dictionary<string, ModelPrice> Prices { get; set; } = new(StringComparer.Ordinal);

    public BudgetLimitOptions For(BudgetScope scope) => scope switch
    {
        BudgetScope.Session => Session,
        BudgetScope.User => User,
        _ => Deployment,
    };

    /// <summary>What <paramref name="inputTokens"/> and <paramref name="outputTokens"/> of <paramref name="model"/> cost.</summary>
    public decimal CostOf(string? model, long inputTokens, long outputTokens) =>
        model is not null && Prices.TryGetValue(model, out var price)
            ? (inputTokens * price.InputPerMillion + outputTokens * price.OutputPerMillion) / 1_000_000m
            : 0m;
}
