using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Sessions;

/// <summary>The result given for a message id, kept so that a front-end's retry of that message is answered, not run again.</summary>
/// <param name="TextDigest">
/// The <see cref="MessageDigest"/> of the message's text, so that a different message under a used id is refused; null in
/// entries written before digests were kept, which match any text.
/// </param>
[GenerateSerializer, Immutable, Alias("hermes.DeliveredMessage")]
public sealed record DeliveredMessage(
    [property: Id(0)] string MessageId,
    [property: Id(1)] TurnResult Result,
    [property: Id(2)] string? TextDigest = null);
