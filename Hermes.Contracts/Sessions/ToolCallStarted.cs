namespace Hermes.Contracts.Sessions;

/// <summary>The agent called a tool.</summary>
[GenerateSerializer, Immutable, Alias("hermes.ToolCallStarted")]
public sealed record ToolCallStarted(
    [property: Id(0)] string CallId,
    [property: Id(1)] string ToolName,
    [property: Id(2)] string ArgumentsJson) : TurnUpdate;
