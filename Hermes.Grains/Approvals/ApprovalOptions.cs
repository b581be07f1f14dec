using System.ComponentModel.DataAnnotations;

namespace Hermes.Grains.Approvals;

/// <summary>How long a tool call waits for a person, and what a new message does meanwhile. Section <c>Hermes:Approvals</c>.</summary>
public sealed class ApprovalOptions
{
    public const string SectionName = "Hermes:Approvals";

    /// <summary>How long a pending approval waits for a decision; then it counts as denied and the user is told. One hour by default.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>What a plain message (not <c>/approve</c> or <c>/deny</c>) does while tool calls wait for a decision.</summary>
    public PendingOnNewMessage OnNewMessage { get; set; } = PendingOnNewMessage.Deny;
}
