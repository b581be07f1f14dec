using Hermes.Grains.Agents;
using Hermes.Grains.Telemetry;

namespace Hermes.Grains.Sessions;

/// <summary>What a recorded turn adds to the Hermes meter: its outcome and duration, each model error, a fallback that answered.</summary>
public static class TurnMetrics
{
    public static void Record(HermesMetrics metrics, AgentTurn turn, TimeSpan duration)
    {
        metrics.TurnFinished(turn.Outcome, duration);
        foreach (var modelError in turn.Models.Errors)
        {
            metrics.ModelError(modelError);
        }

        if (turn.Models.FallbackUsed && turn.Models.ModelUsed is { } model)
        {
            metrics.FallbackActivated(model);
        }
    }
}
