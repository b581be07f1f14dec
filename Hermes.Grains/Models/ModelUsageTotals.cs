using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Models;

/// <summary>Adds a turn's tokens per model to a conversation's running totals, keeping the order models were first used.</summary>
public static class ModelUsageTotals
{
    public static void Add(List<KeyValuePair<string, TokenUsage>> totals, IEnumerable<ModelUsage> turn)
    {
        foreach (var (model, usage) in turn)
        {
            var index = totals.FindIndex(total => total.Key == model);
            if (index < 0)
            {
                totals.Add(new(model, usage));
            }
            else
            {
                totals[index] = new(model, totals[index].Value.Add(usage));
            }
        }
    }
}
