using System.Collections.Immutable;
using Hermes.Contracts.Sessions;

namespace Hermes.Contracts.Turns;

/// <summary>What a client asks of one turn besides its text. Nothing here is persisted with the session.</summary>
/// <param name="Instructions">Told to the model after the configured system prompt, for this turn only (a client's system message).</param>
/// <param name="Options">Sampling options for this turn's model calls.</param>
/// <param name="History">
/// The conversation before this message as the client sees it. When given, the session follows it: if its own history
/// differs (an edited or regenerated message, a fork), its current conversation is archived and a new one starts from
/// these messages. Null leaves the session's own history as it is.
/// </param>
/// <param name="Record">False runs the turn on the session's context without keeping it: nothing is added to the transcript or written.</param>
[GenerateSerializer, Immutable, Alias("hermes.TurnDirectives")]
public sealed record TurnDirectives(
    [property: Id(0)] string? Instructions = null,
    [property: Id(1)] TurnOptions? Options = null,
    [property: Id(2)] ImmutableArray<TranscriptMessage>? History = null,
    [property: Id(3)] bool Record = true);
