using Hermes.Client.Api.Errors;

namespace Hermes.Client.Api.Retries;

/// <summary>What <see cref="RetryRecognizer"/> remembers of one request. Guarded by the recognizer's lock.</summary>
/// <param name="messageId">The message id the request goes to the session under, for it and every retry of it.</param>
/// <param name="bodyDigest">The digest of its body.</param>
/// <param name="keyed">True when known by an idempotency key rather than by its body.</param>
internal sealed class RequestRecord(string messageId, string bodyDigest, bool keyed)
{
    public string MessageId { get; } = messageId;

    public string BodyDigest { get; } = bodyDigest;

    public bool Keyed { get; } = keyed;

    /// <summary>Attempts of this request under way now.</summary>
    public int Running { get; set; }

    public DateTimeOffset EndedAt { get; set; }

    /// <summary>The failure of the finished turn, given again to the same request instead of running it.</summary>
    public ApiFailure? Failure { get; set; }
}
