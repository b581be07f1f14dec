using Hermes.Contracts.Access;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Microsoft.Extensions.Options;

namespace Hermes.Grains.Access;

[GrainType("pairing")]
public sealed class PairingGrain(
    [PersistentState("pairing", SessionStorage.ProviderName)] IPersistentState<PairingState> state,
    IOptionsMonitor<PairingOptions> options,
    TimeProvider time) : Grain, IPairingGrain
{
    private PairingState State => state.State;

    public Task<bool> IsApprovedAsync(string userId) =>
        Task.FromResult(State.Approved.Exists(user => user.UserId == userId));

    public async Task<PairingRequest> RequestCodeAsync(string userId, string? displayName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (State.Approved.Exists(user => user.UserId == userId))
        {
            return new PairingRequest(PairingOutcome.AlreadyApproved, null, null);
        }

        var now = time.GetUtcNow();
        var limits = options.CurrentValue;
        var expired = ForgetExpired(now);
        if (State.Pending.Find(pending => pending.UserId == userId) is { } held)
        {
            await WriteIfAsync(expired);
            return new PairingRequest(PairingOutcome.Pending, held.Code, held.ExpiresAt);
        }

        var issued = State.IssuedAt.GetValueOrDefault(userId) ?? [];
        issued.RemoveAll(at => now - at > TimeSpan.FromDays(1));
        if (issued.Count >= limits.CodesPerUserPerDay || State.Pending.Count >= limits.MaxPendingCodes)
        {
            await WriteIfAsync(expired);
            return new PairingRequest(PairingOutcome.RateLimited, null, null);
        }

        var code = NewUniqueCode();
        var pairing = new PendingPairing(code, userId, displayName, now, now + limits.CodeLifetime);
        State.Pending.Add(pairing);
        issued.Add(now);
        State.IssuedAt[userId] = issued;
        await state.WriteStateAsync();
        return new PairingRequest(PairingOutcome.Issued, code, pairing.ExpiresAt);
    }

    public async Task<ApprovedUser?> ApproveAsync(string code, string approvedBy)
    {
        var now = time.GetUtcNow();
        var expired = ForgetExpired(now);
        var normalized = PairingCode.Normalize(code);
        if (State.Pending.Find(pending => pending.Code == normalized) is not { } pairing)
        {
            await WriteIfAsync(expired);
            return null;
        }

        State.Pending.Remove(pairing);
        State.IssuedAt.Remove(pairing.UserId);
        var approved = new ApprovedUser(pairing.UserId, pairing.DisplayName, now, approvedBy);
        State.Approved.Add(approved);
        await state.WriteStateAsync();
        return approved;
    }

    public async Task<bool> RevokeAsync(string userId)
    {
        if (State.Approved.RemoveAll(user => user.UserId == userId) == 0)
        {
            return false;
        }

        await state.WriteStateAsync();
        return true;
    }

    public Task<PairingOverview> ListAsync()
    {
        var now = time.GetUtcNow();
        return Task.FromResult(new PairingOverview([.. State.Approved], [.. State.Pending.Where(pending => pending.ExpiresAt > now)]));
    }

    /// <summary>Forgets expired codes, and users who asked for none in the last day (so that the state stays small).</summary>
    private bool ForgetExpired(DateTimeOffset now)
    {
        var stale = State.IssuedAt.Where(user => user.Value.TrueForAll(at => now - at > TimeSpan.FromDays(1))).Select(user => user.Key).ToArray();
        foreach (var user in stale)
        {
            State.IssuedAt.Remove(user);
        }

        return State.Pending.RemoveAll(pending => pending.ExpiresAt <= now) > 0 || stale.Length > 0;
    }

    private Task WriteIfAsync(bool changed) => changed ? state.WriteStateAsync() : Task.CompletedTask;

    private string NewUniqueCode()
    {
        string code;
        do
        {
            code = PairingCode.New();
        }
        while (State.Pending.Exists(pending => pending.Code == code));

        return code;
    }
}
