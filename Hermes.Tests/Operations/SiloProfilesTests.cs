using Hermes.Grains.Sessions;
using Hermes.ServiceDefaults.Clustering;
using Hermes.Silo.Hosting;
using Hermes.Silo.Storage;
using Microsoft.Extensions.Configuration;

namespace Hermes.Tests.Operations;

/// <summary>The profiles as defaults beneath the <c>Orleans</c> section: what Orleans reads after Hermes filled in what was left out.</summary>
public sealed class SiloProfilesTests
{
    private static readonly string Sessions = $"Orleans:GrainStorage:{SessionStorage.ProviderName}";

    [Fact]
    public void With_nothing_set_a_silo_is_one_local_silo_on_loopback_with_sessions_in_a_sqlite_file()
    {
        var orleans = Effective(new() { [SiloProfiles.DataFolderKey] = "/srv/hermes" });

        Assert.Equal("Development", orleans[OrleansDefaults.ClusteringProviderKey]);
        Assert.Equal("127.0.0.1", orleans["Orleans:Endpoints:AdvertisedIPAddress"]);
        Assert.Equal(("hermes", "hermes"), (orleans["Orleans:ClusterId"], orleans["Orleans:ServiceId"]));
        Assert.Equal(SqliteStateStoreProviderBuilder.ProviderType, orleans[$"{Sessions}:ProviderType"]);
        Assert.Equal(SqliteSessionStorage.ConnectionString("/srv/hermes/sessions.db"), orleans[$"{Sessions}:ConnectionString"]);
    }

    [Fact]
    public void Redis_clustering_keeps_sessions_in_the_same_redis_and_advertises_the_machines_address()
    {
        var orleans = Effective(new()
        {
            [OrleansDefaults.ClusteringProviderKey] = "Redis",
            ["Orleans:Clustering:ConnectionString"] = "redis:6379,password=p",
            ["Orleans:ClusterId"] = "blue",
        });

        Assert.Equal((RedisStateStoreProviderBuilder.ProviderType, "redis:6379,password=p"), (orleans[$"{Sessions}:ProviderType"], orleans[$"{Sessions}:ConnectionString"]));
        Assert.Null(orleans["Orleans:Endpoints:AdvertisedIPAddress"]);
        Assert.Equal(("blue", "hermes"), (orleans["Orleans:ClusterId"], orleans["Orleans:ServiceId"]));
    }

    [Fact]
    public void A_session_store_the_operator_names_wins_over_both_profiles()
    {
        var orleans = Effective(new()
        {
            [$"{Sessions}:ProviderType"] = "AdoNet",
            [$"{Sessions}:Invariant"] = "Npgsql",
        });

        Assert.Equal("Npgsql", orleans[$"{Sessions}:Invariant"]);
        Assert.Null(orleans[$"{Sessions}:ConnectionString"]);
    }

    [Fact]
    public void A_cluster_without_a_store_its_silos_share_is_refused_by_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Effective(new() { [OrleansDefaults.ClusteringProviderKey] = "Consul" }));

        Assert.Contains(Sessions, error.Message);
    }

    private static ConfigurationManager Effective(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(settings);
        SiloProfiles.AddDefaults(configuration);
        return configuration;
    }
}
