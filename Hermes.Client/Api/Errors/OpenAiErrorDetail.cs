using System.Text.Json.Serialization;

namespace Hermes.Client.Api.Errors;

/// <remarks><c>param</c> and <c>code</c> are written even when null, as OpenAI does: clients read all four.</remarks>
public sealed record OpenAiErrorDetail(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Param,
    [property: JsonPropertyName("code"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Code);
