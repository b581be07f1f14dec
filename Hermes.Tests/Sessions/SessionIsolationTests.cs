using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Sessions;

public sealed class SessionIsolationTests
{
    [Fact]
    public async Task Two_sessions_keep_their_own_transcripts_counters_and_mcp_connections()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.EchoUser("re: "));
        var marker = Guid.NewGuid().ToString("N");
        await using var cluster = await StartAsync([.. ModelSettings(models, "primary"), .. McpServers.Everything("everything", marker)]);
        var alice = cluster.Session(TestSessions.NewKey());
        var bob = cluster.Session(TestSessions.NewKey());

        for (var i = 0; i < 3; i++)
        {
            await alice.SendAsync($"alice {i}");
        }

        var bobReply = await bob.SendAsync("bob 0");

        Assert.Equal("re: bob 0", bobReply.Reply);
        var aliceSnapshot = await alice.GetSnapshotAsync();
        var bobSnapshot = await bob.GetSnapshotAsync();
        Assert.Equal((3, 6, 1, 0), (aliceSnapshot.TurnCount, aliceSnapshot.TranscriptLength, aliceSnapshot.Counters.AgentsBuilt, aliceSnapshot.Counters.McpConnectionsOpened));
        Assert.Equal((1, 2, 1, 0), (bobSnapshot.TurnCount, bobSnapshot.TranscriptLength, bobSnapshot.Counters.AgentsBuilt, bobSnapshot.Counters.McpConnectionsOpened));
        Assert.NotEqual(aliceSnapshot.SessionId, bobSnapshot.SessionId);
        Assert.DoesNotContain(await bob.GetTranscriptAsync(100), message => message.Text.Contains("alice", StringComparison.Ordinal));
        // Neither called a tool, so neither started its server.
        Assert.Empty(ProcessCensus.ProcessesWithMarker(marker));
        Assert.Single(models.Requests.Last().Messages);
    }
}
