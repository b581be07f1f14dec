namespace Hermes.Client.Api.Contracts;

/// <summary>The <c>hermes</c> extension field of an answer (chat completion, its last chunk, a response).</summary>
/// <param name="FallbackUsed">True when a fallback model answered instead of the chain's primary.</param>
/// <param name="Conversation">The conversation (session) that answered: send it as <c>X-Hermes-Conversation</c> or <c>conversation</c> to continue it.</param>
public sealed record AnswerDetails(bool FallbackUsed, string Conversation)
{
    public const string Fingerprint = "hermes";
    public const string FallbackFingerprint = "hermes-fallback";

    public string SystemFingerprint => FallbackUsed ? FallbackFingerprint : Fingerprint;
}
