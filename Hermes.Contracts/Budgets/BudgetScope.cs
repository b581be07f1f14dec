namespace Hermes.Contracts.Budgets;

/// <summary>What a budget caps: one session, one user across their sessions, or the whole deployment.</summary>
[GenerateSerializer, Alias("hermes.BudgetScope")]
public enum BudgetScope
{
    Session,
    User,
    Deployment,
}
