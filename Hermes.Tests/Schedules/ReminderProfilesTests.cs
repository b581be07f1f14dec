using Hermes.Contracts.Pushes;
using Hermes.Contracts.Sessions;
using Hermes.ServiceDefaults.Clustering;
using Hermes.Silo.Hosting;
using Hermes.Silo.Storage;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Schedules;

/// <summary>Where schedules' reminders live: the session store of each profile, unless the <c>Orleans:Reminders</c> section names one.</summary>
public sealed class ReminderProfilesTests
{
    [Fact]
    public void The_local_profile_keeps_reminders_in_the_sessions_sqlite_file()
    {
        var orleans = Effective(new() { [SiloProfiles.DataFolderKey] = "/srv/hermes" });

        Assert.Equal(("AdoNet", SqliteSchema.Invariant), (orleans["Orleans:Reminders:ProviderType"], orleans["Orleans:Reminders:Invariant"]));
        Assert.Equal(SqliteSessionStorage.ConnectionString("/srv/hermes/sessions.db"), orleans["Orleans:Reminders:ConnectionString"]);
    }

    [Fact]
    public void The_cluster_profile_keeps_reminders_in_the_same_redis()
    {
        var orleans = Effective(new()
        {
            [OrleansDefaults.ClusteringProviderKey] = "Redis",
            ["Orleans:Clustering:ConnectionString"] = "redis:6379,password=p",
        });

        Assert.Equal(("Redis", "redis:6379,password=p"), (orleans["Orleans:Reminders:ProviderType"], orleans["Orleans:Reminders:ConnectionString"]));
    }

    [Fact]
    public void A_reminder_store_the_operator_names_wins()
    {
        var orleans = Effective(new()
        {
            ["Orleans:Reminders:ProviderType"] = "AdoNet",
            ["Orleans:Reminders:Invariant"] = "Npgsql",
        });

        Assert.Equal("Npgsql", orleans["Orleans:Reminders:Invariant"]);
        Assert.Null(orleans["Orleans:Reminders:ConnectionString"]);
    }

    [Fact]
    public async Task On_the_cluster_profile_a_schedule_fires_from_reminders_kept_in_redis()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.Reply("from redis"));
        await using var silo = await TestSilo.StartAsync(
        [
            .. ModelSettings(models, "primary"),
            new("Orleans:Clustering:ProviderType", "Redis"),
            new("Orleans:Clustering:ConnectionString", redis.ConnectionString),
            new("Orleans:Endpoints:AdvertisedIPAddress", "127.0.0.1"),
        ]);
        await using var frontEnd = await FrontEnd.StartAsync([silo]);

        await frontEnd.Client.GetSessionGrain(SessionKey.ForDm("telegram", "808")).SendAsync("/in 1s check");
        var outbox = frontEnd.Client.GetGrain<IPushOutboxGrain>("telegram");
        await Poll.UntilAsync(async () => (await outbox.PeekAsync()).Length == 1, "the scheduled reply");

        Assert.Equal("from redis", (await outbox.PeekAsync()).Single().Text);
    }

    private static ConfigurationManager Effective(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(settings);
        SiloProfiles.AddDefaults(configuration);
        return configuration;
    }
}
