namespace Hermes.Contracts.Pushes;

/// <summary>
/// Where a turn's reply goes when its caller does not take it: the caller left (its call was cancelled: a closed
/// connection, a console closed mid-turn, a front-end stopping) or never claimed the result (it crashed while the turn
/// ran). The session then queues the reply in that outbox, under the message id.
/// </summary>
/// <param name="Destination">The outbox (<see cref="PushDestination"/>) of the front-end the session lives on.</param>
/// <param name="ClaimWindow">How long the session waits, after returning the result, for the caller to claim it.</param>
[GenerateSerializer, Immutable, Alias("hermes.PushFallback")]
public sealed record PushFallback(
    [property: Id(0)] string Destination,
    [property: Id(1)] TimeSpan ClaimWindow);
