using Hermes.Contracts.Pushes;

namespace Hermes.Contracts.Turns;

/// <summary>One message for a session, with what a front-end asks of the turn beyond its text.</summary>
/// <param name="Text">What the user wrote; it must hold more than whitespace.</param>
/// <param name="MessageId">The front-end's id for the message (see <c>ISessionGrain.SendAsync</c>): a retry under it never runs twice.</param>
/// <param name="Directives">Per-turn instructions, sampling options and the client's history; null for a plain message.</param>
/// <param name="PushIfUnclaimed">
/// Where the reply goes if the caller does not take it. When set, the caller's cancellation means "I left", not
/// "stop": the turn goes on and its reply is pushed there (only <c>/stop</c>, <c>/new</c> or an interrupting message
/// stop it); a result the caller received is claimed with <c>ISessionGrain.ClaimReplyAsync</c>, else pushed after
/// the claim window. Requires <paramref name="MessageId"/>. Null: the caller's cancellation cancels the turn.
/// </param>
[GenerateSerializer, Immutable, Alias("hermes.TurnRequest")]
public sealed record TurnRequest(
    [property: Id(0)] string Text,
    [property: Id(1)] string? MessageId = null,
    [property: Id(2)] TurnDirectives? Directives = null,
    [property: Id(3)] PushFallback? PushIfUnclaimed = null);
