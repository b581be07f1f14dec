using System.Collections.Immutable;
using Hermes.Contracts.Approvals;

namespace Hermes.Contracts.Sessions;

/// <summary>The answer to one user message, with what the agent did to produce it.</summary>
/// <param name="TurnNumber">The turn's number in this session (1-based).</param>
/// <param name="Outcome">Completed, failed or interrupted.</param>
/// <param name="Reply">The text to show the user: the agent's answer, or the error explained.</param>
/// <param name="ModelUsed">The model that gave the final answer, when one did.</param>
/// <param name="FallbackUsed">True when the answer came from a fallback model rather than the primary.</param>
/// <param name="Error">Why the turn failed, when it did.</param>
/// <param name="ApiCalls">Model calls made in this turn, counting each model tried.</param>
/// <param name="ToolCalls">Tool calls the agent made in this turn.</param>
/// <param name="Usage">Tokens used by this turn.</param>
/// <param name="Agent">What happened to the cached agent afterwards.</param>
/// <param name="DropReason">Why the agent was dropped, when it was.</param>
/// <param name="Duration">Wall time of the turn inside the grain.</param>
/// <param name="AgentBuildTime">Time spent building an agent for this turn (MCP connections included), or null when a cached one served it.</param>
/// <param name="Command">The slash command this answers (e.g. <c>/status</c>), or null for a message to the agent.</param>
/// <param name="Notice">A line for the user before the reply, e.g. that a new session started after the reset policy.</param>
/// <param name="ProviderUsed">The configured provider whose model gave the final answer, when one did (null on the single-endpoint shorthand).</param>
[GenerateSerializer, Immutable, Alias("hermes.TurnResult")]
public sealed record TurnResult(
    [property: Id(0)] int TurnNumber,
    [property: Id(1)] TurnOutcome Outcome,
    [property: Id(2)] string Reply,
    [property: Id(3)] string? ModelUsed,
    [property: Id(4)] bool FallbackUsed,
    [property: Id(5)] TurnError? Error,
    [property: Id(6)] int ApiCalls,
    [property: Id(7)] int ToolCalls,
    [property: Id(8)] TokenUsage Usage,
    [property: Id(9)] AgentFate Agent,
    [property: Id(10)] AgentDropReason? DropReason,
    [property: Id(11)] TimeSpan Duration,
    [property: Id(12)] TimeSpan? AgentBuildTime,
    [property: Id(13)] string? Command = null,
    [property: Id(14)] string? Notice = null,
    [property: Id(15)] string? ProviderUsed = null)
{
    /// <summary>The model that answered as <c>provider:model</c> (what the OpenAI API's <c>model</c> field shows), when one did.</summary>
    public string? AnsweredBy => ModelUsed is null ? null : ModelName.Of(ProviderUsed, ModelUsed);

    /// <summary>The tool calls the turn waits for a decision on (outcome <see cref="TurnOutcome.AwaitingApproval"/>); empty otherwise.</summary>
    [Id(19)]
    public ImmutableArray<PendingApproval> PendingApprovals { get; init; } = [];

    /// <summary>True when the turn stopped before tool calls that wait for a decision.</summary>
    public bool AwaitsApproval => !PendingApprovals.IsDefaultOrEmpty;
}
