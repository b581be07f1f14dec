using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;

namespace Hermes.Tests.Sessions;

public sealed class SessionResetPolicyTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Nothing_resets_when_the_policy_is_off_or_the_session_is_new()
    {
        Assert.Null(SessionResetPolicy.Check(new SessionResetOptions(), Noon.AddDays(-30), Noon));
        Assert.Null(SessionResetPolicy.Check(new SessionResetOptions { IdleAfter = TimeSpan.FromMinutes(1) }, null, Noon));
    }

    [Fact]
    public void An_idle_session_resets_once_the_idle_time_has_passed()
    {
        var options = new SessionResetOptions { IdleAfter = TimeSpan.FromMinutes(30) };
        Assert.Null(SessionResetPolicy.Check(options, Noon.AddMinutes(-29), Noon));
        Assert.Equal("A new session started: the last one was idle for 2 h 5 min.", SessionResetPolicy.Check(options, Noon.AddMinutes(-125), Noon));
    }

    [Theory]
    [InlineData(4, -1, false)]
    [InlineData(11, -2, true)]
    [InlineData(13, -2, false)]
    [InlineData(13, -25, true)]
    public void A_daily_reset_happens_at_the_first_message_after_the_hour(int hour, int lastActivityHoursAgo, bool resets)
    {
        var options = new SessionResetOptions { DailyAtHour = hour };
        Assert.Equal(resets, SessionResetPolicy.Check(options, Noon.AddHours(lastActivityHoursAgo), Noon) is not null);
    }

    [Fact]
    public void The_daily_hour_is_read_in_the_configured_time_zone()
    {
        // 12:00 UTC is 13:00 in Paris in November, so a reset at 12:00 Paris time happened at 11:00 UTC.
        var options = new SessionResetOptions { DailyAtHour = 12, TimeZone = "Europe/Paris" };
        Assert.NotNull(SessionResetPolicy.Check(options, Noon.AddMinutes(-90), Noon));
        Assert.Null(SessionResetPolicy.Check(options, Noon.AddMinutes(-30), Noon));
    }

    [Fact]
    public async Task A_silo_with_an_unknown_reset_time_zone_refuses_to_start_and_names_the_setting()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Infrastructure.HermesCluster.StartAsync([new("Hermes:Sessions:Reset:TimeZone", "Mars/Olympus_Mons")]));

        Assert.Contains("Hermes:Sessions:Reset:TimeZone", failure.ToString());
    }
}
