using Hermes.Contracts.Sessions;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Mcp;

/// <summary>MCP servers that a session started belong to the session, not to the turn that happened to start them.</summary>
[Collection(ProcessCensusCollection.Name)]
public sealed class McpSessionOwnershipTests
{
    /// <param name="start">When the session's server starts.</param>
    /// <param name="listingSpawns">
    /// Processes the silo starts only to list a configuration's tools before any session runs it: one for a server that
    /// starts on its first call, none for one that starts with the session (its own start lists the tools).
    /// </param>
    [Theory]
    [InlineData("with-session", 0)]
    [InlineData("on-first-call", 1)]
    public async Task A_first_turn_interrupted_while_its_servers_start_leaves_them_to_the_session_one_process_per_server(string start, int listingSpawns)
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("tool-user", Scripts.CallToolThenQuote("mcp__everything__echo", """{"message":"hi"}"""));
        var marker = Guid.NewGuid().ToString("N");
        using var folder = new TempFolder();
        var spawnLog = Path.Combine(folder.Path, "spawns.log");
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "tool-user"),
            new("Hermes:Sessions:WhileBusy", "Interrupt"),
            new("Hermes:Mcp:Servers:everything:start", start),
            new("Hermes:Mcp:Servers:everything:Command", "/bin/sh"),
            new("Hermes:Mcp:Servers:everything:Args:0", "-c"),
            new("Hermes:Mcp:Servers:everything:Args:1", $"echo spawn >> '{spawnLog}'; exec node '{McpServers.EverythingScript}' stdio"),
            new($"Hermes:Mcp:Servers:everything:Env:{McpServers.MarkerVariable}", marker),
        ]);
        var session = cluster.Session(TestSessions.NewKey());

        var first = session.SendAsync("first");
        await Poll.UntilAsync(() => Spawns(spawnLog) > listingSpawns, "the first turn to start the session's MCP server");
        var second = await session.SendAsync("second");
        var third = await session.SendAsync("third");

        Assert.Equal(TurnOutcome.Interrupted, (await first).Outcome);
        Assert.Equal(("The tool said: Echo: hi", TurnOutcome.Completed), (second.Reply, second.Outcome));
        Assert.Equal(TurnOutcome.Completed, third.Outcome);
        Assert.Equal(1 + listingSpawns, Spawns(spawnLog));
        Assert.Single(ProcessCensus.ProcessesWithMarker(marker));
        var snapshot = await session.GetSnapshotAsync();
        Assert.Equal(1, snapshot.Counters.McpConnectionsOpened);
        Assert.Equal(1, Assert.Single(snapshot.McpServers).ConnectionsOpened);
    }

    private static int Spawns(string spawnLog) => File.Exists(spawnLog) ? File.ReadAllLines(spawnLog).Length : 0;
}
