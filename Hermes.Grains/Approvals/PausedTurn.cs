using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Approvals;

/// <summary>
/// A turn that stopped before tool calls that need a person's decision, kept in the session's durable state until it
/// resumes. It holds what the turn had produced (the model's messages up to the approval requests, in
/// Microsoft.Extensions.AI's own JSON), so that any activation on any silo can resume it.
/// </summary>
[GenerateSerializer, Alias("hermes.PausedTurn")]
public sealed class PausedTurn
{
    /// <summary>The user's message that started the turn; recorded with the turn once it ends.</summary>
    [Id(0)] public required string UserText { get; init; }

    /// <summary>The turn's messages so far, the last one holding the approval requests (<see cref="PausedTurnMessages"/>).</summary>
    [Id(1)] public required string MessagesJson { get; set; }

    [Id(2)] public List<ApprovalEntry> Approvals { get; set; } = [];

    /// <summary>Tokens the turn used before it paused.</summary>
    [Id(3)] public TokenUsage Usage { get; set; } = TokenUsage.None;

    /// <summary>Tool calls the turn made before it paused.</summary>
    [Id(4)] public int ToolCalls { get; set; }

    /// <summary>
    /// Set, and written, just before the approved calls run. An activation that finds it set died while they ran: it
    /// closes the turn without running them again (at most once), telling the model and the user that the outcome is unknown.
    /// </summary>
    [Id(5)] public bool Executing { get; set; }

    [Id(6)] public DateTimeOffset PausedAt { get; init; }
}
