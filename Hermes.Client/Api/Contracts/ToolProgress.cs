namespace Hermes.Client.Api.Contracts;

/// <summary>A tool call of the agent as a chat-completions stream reports it (<c>hermes.tool_call</c> events).</summary>
/// <param name="Status"><c>in_progress</c> when the call starts, <c>completed</c> or <c>failed</c> when it ends.</param>
/// <param name="Arguments">The arguments as JSON (on start).</param>
/// <param name="Output">The start of the result (on end).</param>
public sealed record ToolProgress(string CallId, string Name, string Status, string? Arguments = null, string? Output = null);
