using Hermes.Contracts.Sessions;
using Hermes.Grains.Models;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Agents;

/// <summary>What an agent's turn produced, before the session records it.</summary>
/// <param name="Outcome">Completed, failed or interrupted.</param>
/// <param name="Reply">The final answer of a completed turn.</param>
/// <param name="Messages">The messages the model and tools added in a completed turn (assistant tool calls, tool results, answer).</param>
/// <param name="Errors">Each model's error, in the order tried, for a failed turn.</param>
/// <param name="Models">What the model chain did in this turn.</param>
/// <param name="ToolCalls">Tool calls made.</param>
/// <param name="Usage">Tokens used.</param>
public sealed record AgentTurn(
    TurnOutcome Outcome,
    string Reply,
    IReadOnlyList<ChatMessage> Messages,
    IReadOnlyList<TurnError> Errors,
    ModelTurnLog Models,
    int ToolCalls,
    TokenUsage Usage)
{
    public static AgentTurn Completed(ChatResponse response, ModelTurnLog models, int toolCalls, TokenUsage usage) => new(
        TurnOutcome.Completed,
        response.Messages.LastOrDefault(message => message.Role == ChatRole.Assistant)?.Text ?? string.Empty,
        [.. response.Messages],
        [],
        models,
        toolCalls,
        usage);

    public static AgentTurn Failed(IReadOnlyList<TurnError> errors, ModelTurnLog models, int toolCalls, TokenUsage usage) =>
        new(TurnOutcome.Failed, string.Empty, [], errors, models, toolCalls, usage);

    public static AgentTurn Interrupted(ModelTurnLog models, int toolCalls, TokenUsage usage) =>
        new(TurnOutcome.Interrupted, string.Empty, [], [], models, toolCalls, usage);
}
