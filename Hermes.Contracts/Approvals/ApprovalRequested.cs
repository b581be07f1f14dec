using Hermes.Contracts.Sessions;

namespace Hermes.Contracts.Approvals;

/// <summary>The turn stopped before a tool call that needs a person's decision; one update per pending call, before <see cref="TurnFinished"/>.</summary>
[GenerateSerializer, Immutable, Alias("hermes.ApprovalRequested")]
public sealed record ApprovalRequested([property: Id(0)] PendingApproval Approval) : TurnUpdate;
