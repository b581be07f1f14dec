namespace Hermes.Grains.Budgets;

/// <summary>What one model costs, per million tokens, in whatever currency the deployment counts in.</summary>
public sealed class ModelPrice
{
    public decimal InputPerMillion { get; set; }

    public decimal OutputPerMillion { get; set; }
}
