using System.Net;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Hosting;
using Hermes.Grains.Sessions;
using Hermes.ServiceDefaults.Clustering;
using Hermes.Silo.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Hermes.Silo.Hosting;

/// <summary>Membership and session storage for the mode of <c>Hermes:Cluster</c> (DESIGN §4).</summary>
public static class SiloClusterProfile
{
    public static ISiloBuilder UseHermesCluster(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.GetSection(HermesClusterOptions.SectionName).Get<HermesClusterOptions>() ?? new HermesClusterOptions();
        switch (options.Mode)
        {
            case ClusterMode.Redis:
                var redis = options.RequireRedis();
                if (options.AdvertisedAddress is { Length: > 0 } address)
                {
                    silo.ConfigureEndpoints(IPAddress.Parse(address), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
                }
                else
                {
                    silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
                }

                // Failure detection can be tuned under Orleans:Membership (e.g. ProbeTimeout, NumMissedProbesLimit).
                silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection("Orleans:Membership"));
                silo.UseRedisClustering(redis)
                    .Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (options.ClusterId, options.ServiceId))
                    .UseRedisSessionStore(redis);
                break;
            default:
                var primary = options.PrimarySiloEndpoint is { Length: > 0 } endpoint ? IPEndPoint.Parse(endpoint) : null;
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, primary, options.ServiceId, options.ClusterId)
                    .UseSqliteSessionStore(Path.Combine(options.DataFolder, "sessions.db"));
                break;
        }

        return silo;
    }

    /// <summary>Sessions in a SQLite file through Orleans' ADO.NET provider; the schema is applied at start.</summary>
    public static ISiloBuilder UseSqliteSessionStore(this ISiloBuilder silo, string databasePath)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services =>
            new SqliteSchemaInitializer(connectionString, services.GetRequiredService<ILogger<SqliteSchemaInitializer>>()));
        return silo.AddAdoNetGrainStorage(SessionStorage.ProviderName, options =>
        {
            options.Invariant = SqliteSchema.Invariant;
            options.ConnectionString = connectionString;
        });
    }

    /// <summary>Sessions in Redis through Orleans' Redis provider.</summary>
    public static ISiloBuilder UseRedisSessionStore(this ISiloBuilder silo, string connectionString) =>
        silo.AddRedisGrainStorage(SessionStorage.ProviderName, options => options.ConfigurationOptions = ConfigurationOptions.Parse(connectionString));
}
