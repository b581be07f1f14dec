namespace Hermes.Contracts.Turns;

/// <summary>The shape a client asks the final answer to take.</summary>
[GenerateSerializer, Alias("hermes.AnswerFormat")]
public enum AnswerFormat
{
    Text,

    /// <summary>Any JSON object.</summary>
    JsonObject,

    /// <summary>JSON matching <see cref="TurnOptions.JsonSchema"/>.</summary>
    JsonSchema,
}
