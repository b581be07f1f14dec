using System.Text.Json.Serialization;

namespace Hermes.Client.Api.Errors;

/// <summary>The body of an error in OpenAI's shape: <c>{"error":{"message","type","param","code"}}</c>.</summary>
public sealed record OpenAiError([property: JsonPropertyName("error")] OpenAiErrorDetail Error)
{
    public static OpenAiError Of(string message, string type, string? code = null, string? param = null) =>
        new(new OpenAiErrorDetail(message, type, param, code));
}
