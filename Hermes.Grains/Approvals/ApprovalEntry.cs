using Hermes.Contracts.Approvals;

namespace Hermes.Grains.Approvals;

/// <summary>One tool call of a paused turn and, once made, its decision.</summary>
[GenerateSerializer, Alias("hermes.ApprovalEntry")]
public sealed class ApprovalEntry
{
    [Id(0)] public required PendingApproval Request { get; init; }

    /// <summary>Null while the call waits.</summary>
    [Id(1)] public ApprovalDecision? Decision { get; set; }

    /// <summary>The tool was <c>ask-once</c> when called: approving it allows it for the rest of the session.</summary>
    [Id(2)] public bool Once { get; init; }
}
