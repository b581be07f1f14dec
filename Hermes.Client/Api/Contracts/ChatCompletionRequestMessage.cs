using System.Text.Json;

namespace Hermes.Client.Api.Contracts;

/// <param name="Role">system, user, assistant or tool.</param>
/// <param name="Content">A string, or an array of content parts of which the text parts are read.</param>
public sealed record ChatCompletionRequestMessage(string? Role, JsonElement Content)
{
    /// <summary>The message's text, or null when it has none.</summary>
    public string? Text => Content.ValueKind switch
    {
        JsonValueKind.String => Content.GetString(),
        JsonValueKind.Array => string.Concat(Content.EnumerateArray()
            .Where(part => part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var type) && type.GetString() == "text")
            .Select(part => part.TryGetProperty("text", out var text) ? text.GetString() : null)),
        _ => null,
    };
}
