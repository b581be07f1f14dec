using System.Text.Json;

namespace Hermes.Client.Api.Contracts;

/// <summary>A Responses API request (<c>POST /v1/responses</c>), every field Hermes reads or refuses (README, "Every request field").</summary>
/// <param name="Input">A string (one user message) or an array of message items.</param>
/// <param name="Conversation">A conversation name, or an object with its <c>id</c>: the session to continue.</param>
/// <param name="Store">False keeps nothing beyond the turn: no stored response, nothing in any session's transcript.</param>
public sealed record ResponseCreateRequest(
    string? Model,
    JsonElement? Input = null,
    string? Instructions = null,
    string? PreviousResponseId = null,
    JsonElement? Conversation = null,
    bool? Store = null,
    bool Stream = false,
    float? Temperature = null,
    float? TopP = null,
    int? MaxOutputTokens = null,
    ResponseTextOptions? Text = null,
    JsonElement? Tools = null,
    JsonElement? ToolChoice = null,
    bool? Background = null,
    JsonElement? Reasoning = null,
    JsonElement? Prompt = null,
    int? TopLogprobs = null,
    string? Truncation = null,
    List<string>? Include = null,
    JsonElement? Metadata = null,
    string? User = null);
