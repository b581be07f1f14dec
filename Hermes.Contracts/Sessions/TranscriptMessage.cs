using System.Collections.Immutable;

namespace Hermes.Contracts.Sessions;

/// <summary>One message of a session's transcript.</summary>
/// <param name="Role">Who speaks.</param>
/// <param name="Text">What was said (a tool's result, for <see cref="TranscriptRole.Tool"/>).</param>
/// <param name="Turn">The turn the message belongs to.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="ToolCalls">Tool calls made by an assistant message.</param>
/// <param name="ToolCallId">The call a tool message answers.</param>
/// <param name="InModelContext">
/// False for messages the model must not see again: Hermes' notices and the user message of a turn that failed or
/// was interrupted (the user can send it again with its answer in view).
/// </param>
[GenerateSerializer, Immutable, Alias("hermes.TranscriptMessage")]
public sealed record TranscriptMessage(
    [property: Id(0)] TranscriptRole Role,
    [property: Id(1)] string Text,
    [property: Id(2)] int Turn,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] ImmutableArray<ToolCallRecord> ToolCalls,
    [property: Id(5)] string? ToolCallId,
    [property: Id(6)] bool InModelContext);
