namespace Hermes.Contracts.Sessions;

/// <summary>
/// The turn is still working (a long tool call, a slow model). Sent on a quiet stream every
/// <see cref="SessionOptions.StreamHeartbeat"/>, so that the front-end's call does not time out and its user can be
/// shown that work goes on.
/// </summary>
[GenerateSerializer, Immutable, Alias("hermes.TurnHeartbeat")]
public sealed record TurnHeartbeat : TurnUpdate;
