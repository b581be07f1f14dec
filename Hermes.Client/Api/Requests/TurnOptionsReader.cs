using System.Collections.Immutable;
using System.Text.Json;
using Hermes.Client.Api.Contracts;
using Hermes.Client.Api.Errors;
using Hermes.Contracts.Turns;

namespace Hermes.Client.Api.Requests;

/// <summary>
/// Checks the sampling options of a request (both APIs) and turns them into the turn's <see cref="TurnOptions"/>; a
/// value out of OpenAI's range is refused with the field's name rather than passed on for the model to reject.
/// </summary>
public static class TurnOptionsReader
{
    private const int MaxStopSequences = 4;

    /// <param name="maxTokens">The limit on the answer's tokens and the field that set it.</param>
    /// <param name="format">The answer's format (<c>text</c>, <c>json_object</c>, <c>json_schema</c>) with its schema, and the field that set it.</param>
    public static TurnOptions Read(
        float? temperature, float? topP, (int? Value, string Param) maxTokens, JsonElement? stop, long? seed, float? frequencyPenalty, float? presencePenalty,
        (string? Type, JsonSchemaFormat? Schema, string Param) format)
    {
        Range(temperature, 0, 2, "temperature");
        Range(topP, 0, 1, "top_p");
        Range(frequencyPenalty, -2, 2, "frequency_penalty");
        Range(presencePenalty, -2, 2, "presence_penalty");
        if (maxTokens.Value is < 1)
        {
            throw Refused($"'{maxTokens.Param}' must be at least 1.", maxTokens.Param);
        }

        var stops = Stops(stop);
        var (answerFormat, schema) = Format(format.Type, format.Schema, format.Param);
        return new TurnOptions(temperature, topP, maxTokens.Value, stops, seed, frequencyPenalty, presencePenalty, answerFormat, schema, format.Schema?.Name);
    }

    private static ImmutableArray<string> Stops(JsonElement? stop)
    {
        switch (stop)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return [];
            case { ValueKind: JsonValueKind.String } one:
                return [one.GetString()!];
            case { ValueKind: JsonValueKind.Array } many when many.GetArrayLength() <= MaxStopSequences && many.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String):
                return [.. many.EnumerateArray().Select(item => item.GetString()!)];
            default:
                throw Refused($"'stop' must be a string or an array of at most {MaxStopSequences} strings.", "stop");
        }
    }

    private static (AnswerFormat Format, string? Schema) Format(string? type, JsonSchemaFormat? schema, string param) => type switch
    {
        null or "text" => (AnswerFormat.Text, null),
        "json_object" => (AnswerFormat.JsonObject, null),
        "json_schema" when schema?.Schema is { ValueKind: JsonValueKind.Object } body && !string.IsNullOrWhiteSpace(schema.Name) => (AnswerFormat.JsonSchema, body.GetRawText()),
        "json_schema" => throw Refused($"'{param}' of type 'json_schema' needs a 'name' and a 'schema' object.", param),
        _ => throw Refused($"'{param}' has the type '{type}'; Hermes answers 'text', 'json_object' or 'json_schema'.", param),
    };

    private static void Range(float? value, float low, float high, string param)
    {
        if (value is { } given && (float.IsNaN(given) || given < low || given > high))
        {
            throw Refused($"'{param}' must be between {low} and {high}.", param);
        }
    }

    private static RequestRefusedException Refused(string message, string param) => JsonRequestBody.Refused(ApiErrorResponses.BadRequest(message, param));
}
