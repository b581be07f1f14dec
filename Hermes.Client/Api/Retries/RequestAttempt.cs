using Hermes.Client.Api.Errors;

namespace Hermes.Client.Api.Retries;

/// <summary>One request on its way to the session; <see cref="End"/> it with the outcome.</summary>
public sealed class RequestAttempt
{
    private readonly RetryRecognizer _recognizer;

    internal RequestAttempt(RetryRecognizer recognizer, string identity, RequestRecord record) =>
        (_recognizer, Identity, Record) = (recognizer, identity, record);

    /// <summary>The message id to send under: the same for a request and its retries.</summary>
    public string MessageId => Record.MessageId;

    internal string Identity { get; }

    internal RequestRecord Record { get; }

    /// <param name="failure">Null when the request was answered.</param>
    /// <param name="final">True when the session finished a turn with this failure (failed, interrupted).</param>
    public void End(ApiFailure? failure, bool final) => _recognizer.End(this, failure, final);
}
