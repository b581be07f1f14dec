namespace Hermes.Grains.Approvals;

/// <summary>How a pending tool call was decided.</summary>
/// <param name="Approved">True when the call may run.</param>
/// <param name="Reason">Why it was denied, as the model reads it; null for an approval.</param>
/// <param name="Expired">True when nobody decided in time (a denial).</param>
[GenerateSerializer, Immutable, Alias("hermes.ApprovalDecision")]
public sealed record ApprovalDecision([property: Id(0)] bool Approved, [property: Id(1)] string? Reason, [property: Id(2)] bool Expired = false);
