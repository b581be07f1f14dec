using Hermes.Contracts.Access;
using Hermes.Grains.Access;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hermes.Tests.Access;

/// <summary>DM pairing on a real cluster: one-time codes, their limits, and approvals that survive a restart.</summary>
public sealed class PairingTests
{
    [Fact]
    public async Task A_code_is_given_once_per_user_until_approved_and_approval_lets_the_user_in_until_revoked()
    {
        await using var cluster = await HermesCluster.StartAsync([]);
        var pairing = cluster.Client.GetGrain<IPairingGrain>("telegram");

        var issued = await pairing.RequestCodeAsync("11", "@eleven");
        var again = await pairing.RequestCodeAsync("11", "@eleven");
        var wrongCode = await pairing.ApproveAsync("ZZZZZZ", "operator");
        var listedWhilePending = await pairing.ListAsync();
        var approved = await pairing.ApproveAsync(issued.Code!.ToLowerInvariant(), "operator");
        var afterApproval = await pairing.RequestCodeAsync("11", "@eleven");
        var isApproved = await pairing.IsApprovedAsync("11");
        var revoked = await pairing.RevokeAsync("11");

        Assert.Equal(PairingOutcome.Issued, issued.Outcome);
        Assert.Matches("^[A-Z2-9]{6}$", issued.Code);
        Assert.Equal((PairingOutcome.Pending, issued.Code), (again.Outcome, again.Code));
        Assert.Null(wrongCode);
        Assert.Equal(issued.Code, Assert.Single(listedWhilePending.Pending).Code);
        Assert.Equal(("11", "@eleven", "operator"), (approved?.UserId, approved?.DisplayName, approved?.ApprovedBy));
        Assert.Equal(PairingOutcome.AlreadyApproved, afterApproval.Outcome);
        Assert.True(isApproved);
        Assert.True(revoked);
        Assert.False(await pairing.IsApprovedAsync("11"));
        Assert.Null(await pairing.ApproveAsync(issued.Code, "operator"));
    }

    [Fact]
    public async Task Codes_expire_after_their_lifetime_and_requests_beyond_the_limits_are_refused()
    {
        var time = new FakeTimeProvider();
        await using var cluster = await HermesCluster.StartAsync(
            [
                new("Hermes:Pairing:CodeLifetime", "01:00:00"),
                new("Hermes:Pairing:CodesPerUserPerDay", "1"),
                new("Hermes:Pairing:MaxPendingCodes", "2"),
            ],
            cluster: builder => builder.ConfigureSiloHost((_, host) => host.Services.AddSingleton<TimeProvider>(time)));
        var pairing = cluster.Client.GetGrain<IPairingGrain>("telegram");

        var start = time.GetUtcNow();
        var first = await pairing.RequestCodeAsync("21", null);
        var second = await pairing.RequestCodeAsync("22", null);
        var tooMany = await pairing.RequestCodeAsync("23", null);
        time.Advance(TimeSpan.FromMinutes(59));
        var stillFull = await pairing.RequestCodeAsync("23", null);
        time.Advance(TimeSpan.FromMinutes(1));
        var expired = await pairing.ApproveAsync(first.Code!, "operator");
        var overDailyLimit = await pairing.RequestCodeAsync("21", null);
        var roomAgain = await pairing.RequestCodeAsync("23", null);
        time.Advance(TimeSpan.FromDays(1));
        var nextDay = await pairing.RequestCodeAsync("21", null);

        Assert.Equal((PairingOutcome.Issued, PairingOutcome.Issued, PairingOutcome.RateLimited), (first.Outcome, second.Outcome, tooMany.Outcome));
        Assert.Equal(start + TimeSpan.FromHours(1), first.ExpiresAt);
        Assert.Equal(PairingOutcome.RateLimited, stillFull.Outcome);
        Assert.Null(expired);
        Assert.Equal(PairingOutcome.RateLimited, overDailyLimit.Outcome);
        Assert.Equal(PairingOutcome.Issued, roomAgain.Outcome);
        Assert.Equal(PairingOutcome.Issued, nextDay.Outcome);
    }

    [Fact]
    public async Task Approvals_survive_stopping_the_silo()
    {
        using var folder = new TempFolder();
        var store = new SqliteSessionStore(folder.File("sessions.db"));
        await using (var first = await HermesCluster.StartAsync([], storage: store.Configure, cluster: builder => builder.Options.ServiceId = "hermes-pairing-test"))
        {
            var pairing = first.Client.GetGrain<IPairingGrain>("telegram");
            var code = (await pairing.RequestCodeAsync("31", "@thirty-one")).Code!;
            await pairing.ApproveAsync(code, "operator");
        }

        await using var second = await HermesCluster.StartAsync([], storage: store.Configure, cluster: builder => builder.Options.ServiceId = "hermes-pairing-test");

        Assert.True(await second.Client.GetGrain<IPairingGrain>("telegram").IsApprovedAsync("31"));
    }
}
