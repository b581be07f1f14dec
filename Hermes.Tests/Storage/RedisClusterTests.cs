using System.Diagnostics;
using Hermes.Client;
using Hermes.Client.FrontDoor;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using Orleans.Runtime;
using Xunit.Abstractions;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Storage;

/// <summary>
/// The cluster profile for real: three <c>Hermes.Silo</c> processes with membership and sessions in a real Redis, a
/// front-end that finds them through Redis, and one silo killed outright. The front door's retries under message ids
/// carry every session across the crash.
/// </summary>
public sealed class RedisClusterTests(ITestOutputHelper output)
{
    private const int SessionCount = 100;

    [Fact]
    public async Task When_a_silo_dies_every_session_answers_from_a_survivor_with_its_whole_transcript()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.EchoUser("re: "));
        var cluster = new Dictionary<string, string?>
        {
            ["Orleans:Clustering:ProviderType"] = "Redis",
            ["Orleans:Clustering:ConnectionString"] = redis.ConnectionString,
            ["Orleans:ClusterId"] = $"test-{Guid.NewGuid():N}",
        };
        Dictionary<string, string?> frontEndSettings = new(cluster)
        {
            ["Hermes:Access:AllowAll"] = "true",

            // The silo processes are still starting when the front-end does.
            ["Hermes:Client:ConnectTimeout"] = "00:02:00",

            // A call that a surviving gateway forwarded to the dead silo is lost; it is asked again after this long.
            ["Orleans:Messaging:ResponseTimeout"] = "00:00:10",
        };
        Dictionary<string, string?> siloSettings = new(cluster.Concat(ModelSettings(models, "primary")))
        {
            // Declare a dead silo dead within seconds rather than the production default's tens of seconds.
            ["Orleans:Membership:ProbeTimeout"] = "00:00:01",
            ["Orleans:Membership:NumMissedProbesLimit"] = "2",
            ["Orleans:Membership:TableRefreshTimeout"] = "00:00:01",
        };
        var silos = Enumerable.Range(0, 3).Select(_ => SiloProcess.Start(siloSettings)).ToList();
        try
        {
            using var frontEnd = await ClusterClientHost.StartAsync(frontEndSettings, CancellationToken.None);
            var client = frontEnd.Client();
            await WaitForActiveSilosAsync(client, 3, silos);

            var keys = Enumerable.Range(0, SessionCount).Select(_ => TestSessions.NewKey()).ToArray();
            for (var turn = 1; turn <= 3; turn++)
            {
                await Task.WhenAll(keys.Select(key => client.GetSessionGrain(key).SendAsync($"turn {turn}")));
            }

            // Placement decides where sessions live, and a silo that joined last may hold none yet: the one holding most dies.
            var sessionsPerSilo = await SessionsPerSiloAsync(client);
            var doomed = silos.MaxBy(silo => sessionsPerSilo.GetValueOrDefault(silo.SiloPort))!;
            var sessionsOnDoomedSilo = sessionsPerSilo.GetValueOrDefault(doomed.SiloPort);
            var killed = Stopwatch.GetTimestamp();
            await doomed.KillAsync();

            var frontDoor = frontEnd.FrontDoor();
            var answers = await Task.WhenAll(keys.Select(key => frontDoor.SendAsync(new IncomingMessage(key.Platform, ChatType.Dm, key.ChatId, "tester", "after the crash"))));
            var recovery = Stopwatch.GetElapsedTime(killed);

            Assert.True(sessionsOnDoomedSilo > 0, "no session lived on the killed silo");
            Assert.All(answers, answer => Assert.Equal(("re: after the crash", 4), (answer.Text, answer.Turn?.TurnNumber)));
            var transcripts = await Task.WhenAll(keys.Select(key => client.GetSessionGrain(key).GetTranscriptAsync(100)));
            var lostOrDoubled = transcripts.Count(transcript =>
                !transcript.Where(message => message.Role == TranscriptRole.User).Select(message => message.Text)
                    .SequenceEqual(["turn 1", "turn 2", "turn 3", "after the crash"]));
            Assert.Equal(0, lostOrDoubled);
            output.WriteLine($"{sessionsOnDoomedSilo} of {SessionCount} sessions lived on the killed silo; all {SessionCount} answered again {recovery.TotalSeconds:0.0} s after the kill; 0 turns lost");
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static async Task WaitForActiveSilosAsync(IClusterClient client, int count, IReadOnlyList<SiloProcess> silos)
    {
        try
        {
            // Silo processes start and join through Redis in their own time: slowly on a busy machine.
            await Poll.UntilAsync(async () => await ActiveSiloCountAsync(client) == count, $"{count} active silos", TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException timeout)
        {
            Assert.Fail($"{timeout.Message}. Last silo's output:\n{silos[^1].Output}");
        }
    }

    private static async Task<int> ActiveSiloCountAsync(IClusterClient client)
    {
        try
        {
            return (await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count;
        }
        catch (Exception exception) when (ClusterFault.IsTransient(exception))
        {
            // The client may reach a silo that is still joining.
            return 0;
        }
    }

    /// <summary>How many sessions each silo hosts, by silo port.</summary>
    private static async Task<Dictionary<int, int>> SessionsPerSiloAsync(IClusterClient client)
    {
        var statistics = await client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics
            .Where(statistic => statistic.GrainId.Type.ToString() == "session")
            .CountBy(statistic => statistic.SiloAddress.Endpoint.Port)
            .ToDictionary();
    }
}
