using Hermes.Contracts.Sessions;
using Hermes.Grains.Approvals;
using Hermes.Grains.Mcp;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hermes.Tests.Storage;

/// <summary>State written by an earlier shape of <see cref="SessionState"/> still reads.</summary>
public sealed class StateVersioningTests
{
    /// <summary>
    /// <c>session-state-v1.bin</c> was written through <see cref="OrleansGrainStorageSerializer"/> (the serializer of both
    /// storage profiles) by the <see cref="SessionState"/> of commit 23c0c01, before the archive fields (ids 9-11) existed.
    /// </summary>
    [Fact]
    public async Task The_local_store_writes_the_head_and_each_transcript_entry_with_the_versioned_orleans_serializer()
    {
        using var folder = new TempFolder();
        var store = new SqliteSessionStore(folder.File("sessions.db"));
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.EchoUser("re: "));
        var key = TestSessions.NewKey();
        await using (var cluster = await HermesCluster.StartAsync(HermesCluster.ModelSettings(models, "primary"), storage: store.Configure))
        {
            await cluster.Session(key).SendAsync("stored");
        }

        var serializer = Serializer();
        var head = serializer.Deserialize<SessionState>(BinaryData.FromBytes(await store.SessionPayloadAsync(key.ToString())));
        var transcript = (await store.SessionEntriesAsync(key.ToString(), list: 0)).Select(entry => serializer.Deserialize<TranscriptMessage>(BinaryData.FromBytes(entry.Payload)));

        Assert.Equal((1, 0), (head?.TurnCount, head?.Transcript.Count));
        Assert.Equal(["stored", "re: stored"], transcript.Select(message => message?.Text));
    }

    [Fact]
    public void State_written_before_fields_were_added_reads_with_those_fields_at_their_defaults()
    {
        var state = Serializer().Deserialize<SessionState>(BinaryData.FromBytes(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Storage", "Fixtures", "session-state-v1.bin"))));

        Assert.NotNull(state);
        Assert.Equal("5f0c7e3a9b2d4e6f8a1b3c5d7e9f0a2b", state.SessionId);
        Assert.Equal(["What is the capital of France?", "", "Paris", "Paris."], state.Transcript.Select(message => message.Text));
        Assert.Equal("call_1", state.Transcript[1].ToolCalls.Single().CallId);
        Assert.Equal("gpt-4.1-mini", state.ModelOverride);
        Assert.Equal((120L, 14L), (state.Usage.InputTokens, state.Usage.OutputTokens));
        Assert.Equal((1, 1, 1), (state.Counters.AgentsBuilt, state.Counters.Dropped(AgentDropReason.FallbackSucceeded), state.Counters.McpConnectionsOpened));
        Assert.Equal(TurnOutcome.Completed, state.LastTurn?.Outcome);
        Assert.Equal((0, 0), (state.ArchivedMessages, state.ArchivedPages));
        Assert.Empty(state.EarlierConversations);
    }

    /// <summary>
    /// <c>session-state-approvals-v1.bin</c> was written by the <see cref="SessionApprovals"/> of commit 8da697a, whose policy
    /// and approval collections were properties made with the state; now they are fields made by their first entry.
    /// </summary>
    [Fact]
    public void Approvals_written_when_their_collections_were_always_made_read_the_same_and_round_trip()
    {
        var serializer = Serializer();
        var state = serializer.Deserialize<SessionState>(BinaryData.FromBytes(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Storage", "Fixtures", "session-state-approvals-v1.bin"))));

        Assert.NotNull(state);
        Assert.Equal(("approvals-fixture", 3), (state.SessionId, state.Approvals.LastId));
        Assert.Equal([new KeyValuePair<string, ToolPolicy>("mcp__memory__*", ToolPolicy.Deny)], state.Approvals.Overrides);
        Assert.Equal(["mcp__everything__echo"], state.Approvals.Allowed);

        state.Approvals.ForgetPolicies();
        var again = serializer.Deserialize<SessionState>(serializer.Serialize(state));
        Assert.Equal((0, 0, 3), (again!.Approvals.Overrides.Count, again.Approvals.Allowed.Count, again.Approvals.LastId));
        again.Approvals.SetOverride("mcp__memory__read_graph", ToolPolicy.Allow);
        again.Approvals.Allow("mcp__memory__read_graph");
        var third = serializer.Deserialize<SessionState>(serializer.Serialize(again));
        Assert.Equal(ToolPolicy.Allow, third!.Approvals.Overrides["mcp__memory__read_graph"]);
        Assert.Contains("mcp__memory__read_graph", third.Approvals.Allowed);
    }

    private static OrleansGrainStorageSerializer Serializer()
    {
        var services = new ServiceCollection().AddSerializer(builder => builder.AddAssembly(typeof(SessionState).Assembly)).BuildServiceProvider();
        return new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
    }
}
