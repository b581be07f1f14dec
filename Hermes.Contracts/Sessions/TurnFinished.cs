namespace Hermes.Contracts.Sessions;

/// <summary>The turn's result: the last update of every stream.</summary>
[GenerateSerializer, Immutable, Alias("hermes.TurnFinished")]
public sealed record TurnFinished([property: Id(0)] TurnResult Result) : TurnUpdate;
