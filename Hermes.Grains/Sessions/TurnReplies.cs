using Hermes.Contracts.Sessions;
using Hermes.Grains.Agents;

namespace Hermes.Grains.Sessions;

/// <summary>The texts Hermes answers with when the agent itself has no answer.</summary>
public static class TurnReplies
{
    public const string Interrupted = "The turn was interrupted before it finished.";

    public static readonly TurnError NotConfigured = new(
        ErrorKind.NotConfigured,
        "No model is configured. Set Hermes:Model:Primary (environment variable Hermes__Model__Primary) to a model id, " +
        "and Hermes:Model:BaseUrl (Hermes__Model__BaseUrl) when the endpoint is not OpenAI's.");

    /// <summary>What the user is shown for a turn: its answer, or why there is none.</summary>
    public static string For(AgentTurn turn) => turn.Outcome switch
    {
        TurnOutcome.Completed => turn.Reply,
        TurnOutcome.Failed => ForFailure(turn.Errors),

        // An interrupted turn may carry its own explanation (the loop guard's, the watchdog's).
        _ => turn.Reply.Length > 0 ? turn.Reply : Interrupted,
    };

    /// <summary>Explains a failed turn: the first model's error, then what each fallback answered.</summary>
    public static string ForFailure(IReadOnlyList<TurnError> errors)
    {
        if (errors.Count == 0)
        {
            return "The turn failed.";
        }

        var first = errors[0];
        var reply = first.Kind == ErrorKind.NotConfigured ? first.Message : $"The model could not answer: {Describe(first)}.";
        if (errors.Count > 1)
        {
            reply += $" Fallbacks failed too: {string.Join("; ", errors.Skip(1).Select(Describe))}.";
        }

        return reply;
    }

    private static string Describe(TurnError error)
    {
        var status = error.HttpStatus is { } code ? $"HTTP {code}, " : string.Empty;
        var model = error.Model is null ? string.Empty : $"{error.Model}: ";
        return $"{model}{error.Message.TrimEnd('.')} ({status}{KindText(error.Kind)})";
    }

    private static string KindText(ErrorKind kind) => kind switch
    {
        ErrorKind.Transient => "temporary failure, retried",
        ErrorKind.ModelUnavailable => "model unavailable",
        ErrorKind.Unauthorized => "not authorised",
        ErrorKind.Rejected => "request rejected",
        ErrorKind.RequestTooLarge => "request too large",
        ErrorKind.NotConfigured => "not configured",
        _ => "internal error",
    };
}
