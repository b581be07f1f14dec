namespace Hermes.Client.Api.Contracts;

/// <param name="Role">system, developer, user, assistant, tool or function.</param>
/// <param name="Content">A string or an array of content parts; null for an assistant message that only calls tools.</param>
public sealed record ChatCompletionRequestMessage(string? Role, MessageContent? Content)
{
    public static readonly IReadOnlySet<string> Roles = new HashSet<string>(StringComparer.Ordinal) { "system", "developer", "user", "assistant", "tool", "function" };
}
