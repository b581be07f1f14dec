namespace Hermes.Contracts.Sessions;

/// <summary>The message waits behind <paramref name="Ahead"/> other turns of the session.</summary>
[GenerateSerializer, Immutable, Alias("hermes.TurnQueued")]
public sealed record TurnQueued([property: Id(0)] int Ahead) : TurnUpdate;
