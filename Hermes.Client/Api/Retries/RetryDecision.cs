using Hermes.Client.Api.Errors;

namespace Hermes.Client.Api.Retries;

/// <summary>What <see cref="RetryRecognizer"/> decided for a request.</summary>
public abstract record RetryDecision
{
    /// <summary>Send it to the session under <see cref="RequestAttempt.MessageId"/> (a first request, or one joining the same request under way).</summary>
    public sealed record Send(RequestAttempt Attempt) : RetryDecision;

    /// <summary>The same request failed a moment ago: answer this failure again, run nothing.</summary>
    public sealed record Replay(ApiFailure Failure) : RetryDecision;

    /// <summary>Refuse the request (an idempotency key reused for another body).</summary>
    public sealed record Refuse(ApiFailure Failure) : RetryDecision;
}
