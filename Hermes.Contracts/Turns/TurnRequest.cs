namespace Hermes.Contracts.Turns;

/// <summary>One message for a session, with what a front-end asks of the turn beyond its text.</summary>
/// <param name="Text">What the user wrote; it must hold more than whitespace.</param>
/// <param name="MessageId">The front-end's id for the message (see <c>ISessionGrain.SendAsync</c>): a retry under it never runs twice.</param>
/// <param name="Directives">Per-turn instructions, sampling options and the client's history; null for a plain message.</param>
[GenerateSerializer, Immutable, Alias("hermes.TurnRequest")]
public sealed record TurnRequest(
    [property: Id(0)] string Text,
    [property: Id(1)] string? MessageId = null,
    [property: Id(2)] TurnDirectives? Directives = null);
