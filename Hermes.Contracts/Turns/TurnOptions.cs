using System.Collections.Immutable;

namespace Hermes.Contracts.Turns;

/// <summary>Sampling options a client sets for one turn; every model call of the turn gets them. Null means the model's default.</summary>
/// <param name="JsonSchema">For <see cref="AnswerFormat.JsonSchema"/>: the schema, as JSON text.</param>
/// <param name="SchemaName">For <see cref="AnswerFormat.JsonSchema"/>: the schema's name.</param>
[GenerateSerializer, Immutable, Alias("hermes.TurnOptions")]
public sealed record TurnOptions(
    [property: Id(0)] float? Temperature = null,
    [property: Id(1)] float? TopP = null,
    [property: Id(2)] int? MaxOutputTokens = null,
    [property: Id(3)] ImmutableArray<string> Stop = default,
    [property: Id(4)] long? Seed = null,
    [property: Id(5)] float? FrequencyPenalty = null,
    [property: Id(6)] float? PresencePenalty = null,
    [property: Id(7)] AnswerFormat Format = AnswerFormat.Text,
    [property: Id(8)] string? JsonSchema = null,
    [property: Id(9)] string? SchemaName = null);
