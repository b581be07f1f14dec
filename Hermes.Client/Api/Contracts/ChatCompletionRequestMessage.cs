using System.Text.Json;

namespace Hermes.Client.Api.Contracts;

/// <param name="Role">system, developer, user, assistant, tool or function.</param>
/// <param name="Content">A string or an array of content parts; null for an assistant message that only calls tools.</param>
/// <param name="ToolCalls">An assistant message's calls of client-side tools, which Hermes refuses.</param>
public sealed record ChatCompletionRequestMessage(string? Role, MessageContent? Content, JsonElement? ToolCalls = null)
{
    public static readonly IReadOnlySet<string> Roles = new HashSet<string>(StringComparer.Ordinal) { "system", "developer", "user", "assistant", "tool", "function" };
}
