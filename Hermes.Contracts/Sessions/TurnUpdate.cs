namespace Hermes.Contracts.Sessions;

/// <summary>
/// Progress of a turn, streamed to front-ends by <see cref="ISessionGrain.StreamAsync"/>. The last update is always a
/// <see cref="TurnFinished"/>; text deltas of a turn that then fails or is interrupted are not part of any answer.
/// </summary>
[GenerateSerializer, Immutable, Alias("hermes.TurnUpdate")]
public abstract record TurnUpdate;
