using System.Text.Json;
using Hermes.Contracts.Turns;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Agents;

/// <summary>Puts a client's per-turn <see cref="TurnOptions"/> on the <see cref="ChatOptions"/> of the turn's model calls.</summary>
public static class TurnOptionsChat
{
    public static void ApplyTo(this TurnOptions options, ChatOptions chat)
    {
        chat.Temperature = options.Temperature;
        chat.TopP = options.TopP;
        chat.MaxOutputTokens = options.MaxOutputTokens;
        chat.Seed = options.Seed;
        chat.FrequencyPenalty = options.FrequencyPenalty;
        chat.PresencePenalty = options.PresencePenalty;
        chat.StopSequences = options.Stop.IsDefaultOrEmpty ? null : [.. options.Stop];
        chat.ResponseFormat = options.Format switch
        {
            AnswerFormat.JsonObject => ChatResponseFormat.Json,
            AnswerFormat.JsonSchema => ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(options.JsonSchema ?? "{}").RootElement.Clone(), options.SchemaName),
            _ => null,
        };
    }
}
