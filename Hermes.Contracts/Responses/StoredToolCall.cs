namespace Hermes.Contracts.Responses;

/// <summary>A tool call made for a stored response: an <c>mcp_call</c> output item.</summary>
/// <param name="Output">The start of the tool's result.</param>
[GenerateSerializer, Immutable, Alias("hermes.StoredToolCall")]
public sealed record StoredToolCall(
    [property: Id(0)] string CallId,
    [property: Id(1)] string Name,
    [property: Id(2)] string ArgumentsJson,
    [property: Id(3)] string Output,
    [property: Id(4)] bool Failed);
