namespace Hermes.Contracts.Sessions;

/// <summary>A piece of text the model produced, as it arrived.</summary>
[GenerateSerializer, Immutable, Alias("hermes.TextDelta")]
public sealed record TextDelta([property: Id(0)] string Text) : TurnUpdate;
