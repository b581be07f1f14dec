using System.Text.Json;

namespace Hermes.Client.Api.Contracts;

/// <summary>An OpenAI chat-completions request, every field Hermes reads or refuses (README, "Every request field").</summary>
/// <param name="Model">The alias (<c>hermes</c>) or a model of the configured chain; the session's chain answers either way.</param>
/// <param name="Messages">The conversation as the client sees it: its system messages are this turn's instructions, the rest its history, the last user message the one answered.</param>
/// <param name="Stream">Answer as server-sent events.</param>
/// <param name="User">Names the conversation when no conversation header is sent.</param>
/// <param name="StreamOptions">With <c>include_usage</c>, a streamed answer ends with a usage chunk.</param>
/// <param name="N">Only 1: Hermes gives one answer per turn.</param>
/// <param name="Tools">Client-side tools are refused: the session's own MCP tools serve the turn.</param>
public sealed record ChatCompletionRequest(
    string? Model,
    List<ChatCompletionRequestMessage>? Messages,
    bool Stream = false,
    string? User = null,
    StreamOptions? StreamOptions = null,
    float? Temperature = null,
    float? TopP = null,
    int? MaxTokens = null,
    int? MaxCompletionTokens = null,
    JsonElement? Stop = null,
    long? Seed = null,
    float? FrequencyPenalty = null,
    float? PresencePenalty = null,
    ResponseFormatRequest? ResponseFormat = null,
    int? N = null,
    JsonElement? Tools = null,
    JsonElement? ToolChoice = null,
    JsonElement? Functions = null,
    JsonElement? FunctionCall = null,
    bool? Logprobs = null,
    int? TopLogprobs = null,
    JsonElement? LogitBias = null,
    List<string>? Modalities = null,
    JsonElement? Audio = null,
    JsonElement? Prediction = null,
    string? ReasoningEffort = null,
    JsonElement? WebSearchOptions = null);
