using System.Collections.Concurrent;
using Hermes.Contracts.Sessions;
using Hermes.Silo.Storage;
using Hermes.Tests.Infrastructure;
using Xunit.Abstractions;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Storage;

/// <summary>
/// The cluster profile's store killed outright: a real redis-server with <c>appendfsync always</c>, as the manifests run
/// it, gets SIGKILL while sessions are mid-turn, and starts again from its append-only file.
/// </summary>
public sealed class RedisStoreKillTests(ITestOutputHelper output)
{
    private const int Sessions = 40;
    private const int TurnsEach = 12;

    [Fact]
    public async Task Killing_redis_mid_load_loses_no_acknowledged_turn_and_a_retried_message_runs_once()
    {
        await using var redis = await RedisServer.StartAsync(durable: true);
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.EchoUser("re: "));
        var keys = Enumerable.Range(0, Sessions).Select(_ => TestSessions.NewKey()).ToArray();
        ConcurrentBag<(SessionKey Key, string Text)> acknowledged = [];
        var failures = 0;

        await using (var cluster = await StartOnAsync(models, redis))
        {
            // Each session sends its turns in order, each under its own message id, and sends a turn again (same id)
            // until it is acknowledged, as a front-end does: a turn whose write failed may or may not be stored.
            var load = Task.WhenAll(keys.Select(key => Task.Run(async () =>
            {
                for (var turn = 1; turn <= TurnsEach; turn++)
                {
                    var text = $"turn {turn}";
                    await Poll.UntilAsync(async () =>
                    {
                        try
                        {
                            await cluster.Session(key).SendAsync(text, $"{key}/{turn}");
                            acknowledged.Add((key, text));
                            return true;
                        }
                        catch (Exception)
                        {
                            Interlocked.Increment(ref failures);
                            return false;
                        }
                    }, $"turn {turn} of {key} to be acknowledged", TimeSpan.FromMinutes(2));
                }
            })));

            await Poll.UntilAsync(() => acknowledged.Count >= Sessions * TurnsEach / 3, "a third of the turns to be acknowledged");
            var beforeKill = acknowledged.Count;
            await redis.KillAndRestartAsync();
            await load;
            output.WriteLine($"redis-server killed after {beforeKill} acknowledged turns; {failures} sends failed and were sent again");
        }

        // A fresh silo reads every session back from what Redis recovered from its file.
        await using var fresh = await StartOnAsync(models, redis);
        var lost = 0;
        var duplicated = 0;
        foreach (var key in keys)
        {
            var texts = (await fresh.Session(key).GetTranscriptAsync(1000)).Where(message => message.Role == TranscriptRole.User).Select(message => message.Text).ToList();
            lost += acknowledged.Count(turn => turn.Key == key && !texts.Contains(turn.Text));
            duplicated += texts.Count - texts.Distinct().Count();
            Assert.Equal(Enumerable.Range(1, TurnsEach).Select(turn => $"turn {turn}"), texts);
        }

        output.WriteLine($"{acknowledged.Count} acknowledged turns: {lost} lost, {duplicated} duplicated");
        Assert.Equal((Sessions * TurnsEach, 0, 0), (acknowledged.Count, lost, duplicated));
    }

    private static Task<HermesCluster> StartOnAsync(ScriptedModelServer models, RedisServer redis) => StartAsync(
        ModelSettings(models, "primary"),
        storage: silo => silo.UseRedisSessionStore(redis.ConnectionString),
        cluster: builder => builder.Options.ServiceId = "hermes-redis-kill-test");
}
