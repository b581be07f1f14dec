namespace Hermes.Contracts.Sessions;

/// <summary>A tool call the model asked for, kept so that the model sees its own calls in later turns.</summary>
[GenerateSerializer, Immutable, Alias("hermes.ToolCallRecord")]
public sealed record ToolCallRecord(
    [property: Id(0)] string CallId,
    [property: Id(1)] string Name,
    [property: Id(2)] string ArgumentsJson);
