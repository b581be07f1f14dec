using Orleans.Concurrency;

namespace Hermes.Contracts.Access;

/// <summary>
/// DM pairing on one platform (the grain key): an unknown user gets a short one-time code, valid one hour, which an
/// operator approves; approvals are persisted.
/// </summary>
[Alias("hermes.IPairingGrain")]
public interface IPairingGrain : IGrainWithStringKey
{
    [Alias("IsApproved"), ReadOnly]
    Task<bool> IsApprovedAsync(string userId);

    /// <summary>Gives the user a code to pass to the operator: a new one, the one they hold, or none when rate limited.</summary>
    [Alias("RequestCode")]
    Task<PairingRequest> RequestCodeAsync(string userId, string? displayName);

    /// <summary>Approves the user who holds <paramref name="code"/>; null when no such code is pending.</summary>
    [Alias("Approve")]
    Task<ApprovedUser?> ApproveAsync(string code, string approvedBy);

    /// <summary>Withdraws a user's approval; false when they were not approved.</summary>
    [Alias("Revoke")]
    Task<bool> RevokeAsync(string userId);

    [Alias("List"), ReadOnly]
    Task<PairingOverview> ListAsync();
}
