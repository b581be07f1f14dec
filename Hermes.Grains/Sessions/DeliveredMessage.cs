using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Sessions;

/// <summary>The result given for a message id, kept so that a front-end's retry of that message is answered, not run again.</summary>
[GenerateSerializer, Immutable, Alias("hermes.DeliveredMessage")]
public sealed record DeliveredMessage(
    [property: Id(0)] string MessageId,
    [property: Id(1)] TurnResult Result);
