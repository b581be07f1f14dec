namespace Hermes.Contracts.Sessions;

/// <summary>The outcome of the most recent turn, as kept in the session's state.</summary>
[GenerateSerializer, Immutable, Alias("hermes.TurnSummary")]
public sealed record TurnSummary(
    [property: Id(0)] int Number,
    [property: Id(1)] TurnOutcome Outcome,
    [property: Id(2)] string? ModelUsed,
    [property: Id(3)] bool FallbackUsed,
    [property: Id(4)] TurnError? Error,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] string? ProviderUsed = null);
