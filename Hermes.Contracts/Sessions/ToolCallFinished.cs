namespace Hermes.Contracts.Sessions;

/// <summary>A tool call ended; <paramref name="Summary"/> is the start of its result.</summary>
[GenerateSerializer, Immutable, Alias("hermes.ToolCallFinished")]
public sealed record ToolCallFinished(
    [property: Id(0)] string CallId,
    [property: Id(1)] string ToolName,
    [property: Id(2)] string Summary,
    [property: Id(3)] bool Failed) : TurnUpdate;
