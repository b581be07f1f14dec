using System.Globalization;

namespace Hermes.Contracts.Budgets;

/// <summary>The texts of budgets: a line of <c>/usage</c> and <c>hermes budget show</c>, and the answer to a refused turn.</summary>
public static class BudgetReports
{
    public static string Line(BudgetStanding standing)
    {
        var tokens = standing.Caps.Tokens is { } tokenCap
            ? Invariant($"{standing.TokensUsed:N0} of {tokenCap:N0} tokens")
            : Invariant($"{standing.TokensUsed:N0} tokens (no cap)");
        var cost = standing.Caps.Cost is { } costCap
            ? Invariant($"{standing.CostUsed:0.####} of {costCap:0.####} cost")
            : Invariant($"{standing.CostUsed:0.####} cost (no cap)");
        var source = standing.SetByOperator ? "; caps set by an operator" : string.Empty;
        return $"{Name(standing)}: {tokens}, {cost}; {Resets(standing)}{source}";
    }

    /// <summary>Why a turn was refused: which cap, how much was used, when it resets.</summary>
    public static string Refusal(BudgetStanding standing)
    {
        var which = standing.TokensUsed >= standing.Caps.Tokens
            ? Invariant($"token cap: {standing.TokensUsed:N0} of {standing.Caps.Tokens:N0} tokens used")
            : Invariant($"cost cap: {standing.CostUsed:0.####} of {standing.Caps.Cost:0.####} used");
        return $"Not sent to the model: {Name(standing).ToLowerInvariant()} has reached its {which}. It {Resets(standing)}; " +
            "an operator can raise the cap with `hermes budget set`.";
    }

    private static string Name(BudgetStanding standing) => standing.Scope switch
    {
        BudgetScope.Session => "This session's budget",
        BudgetScope.User => "Your budget across sessions",
        _ => "The deployment's budget",
    };

    private static string Resets(BudgetStanding standing) =>
        standing.ResetsAt is { } at ? Invariant($"resets at {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC") : "does not reset by itself";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
