using System.Diagnostics;
using Hermes.Contracts.Sessions;
using Hermes.ServiceDefaults.Telemetry;

namespace Hermes.Grains.Telemetry;

/// <summary>The span of one turn inside its session grain; model calls, tool calls and MCP requests are its children.</summary>
public static class TurnTracing
{
    public const string ActivityName = "hermes.turn";

    public static Activity? Start(string sessionKey)
    {
        var activity = HermesTelemetry.ActivitySource.StartActivity(ActivityName);
        activity?.SetTag("hermes.session.key", sessionKey);
        return activity;
    }

    public static void Finish(Activity? activity, TurnResult result)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("hermes.turn.number", result.TurnNumber);
        activity.SetTag("hermes.turn.outcome", result.Outcome.ToString());
        activity.SetTag("hermes.turn.model", result.ModelUsed);
        activity.SetTag("hermes.turn.fallback_used", result.FallbackUsed);
        activity.SetTag("hermes.turn.tool_calls", result.ToolCalls);
        activity.SetTag("hermes.agent.fate", result.Agent.ToString());
        activity.SetTag("hermes.agent.drop_reason", result.DropReason?.ToString());
        if (result.Error is { } error)
        {
            activity.SetTag("error.type", error.Kind.ToString());
            activity.SetStatus(ActivityStatusCode.Error, error.Kind.ToString());
        }
    }
}
