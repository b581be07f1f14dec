using Hermes.Contracts.Sessions;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.LongLived;

/// <summary>The loop guard ends a turn that goes round in circles, and keeps the conversation.</summary>
public sealed class LoopGuardTests
{
    [Fact]
    public async Task A_model_that_repeats_one_tool_call_is_cut_by_the_guard_and_the_history_is_kept()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        var stuck = true;
        models.Script("looper", request => stuck
            ? new ScriptedAnswer.ToolCall("mcp__everything__echo", """{"message":"same again"}""")
            : new ScriptedAnswer.Text("going on"));
        await using var cluster = await StartAsync(
        [
            .. ModelSettings(models, "looper"),
            .. McpServers.Everything("everything", Guid.NewGuid().ToString("N")),
            new("Hermes:Agent:LoopGuard:MaxRepeats", "3"),
        ]);
        var session = cluster.Session(TestSessions.NewKey());

        var cut = await session.SendAsync("loop please");
        stuck = false;
        var next = await session.SendAsync("try something else");

        Assert.Equal(TurnOutcome.Completed, cut.Outcome);
        Assert.StartsWith("I stopped this turn: I had called the tool 'mcp__everything__echo' 3 times with the same arguments", cut.Reply);
        Assert.Equal((4, 4), (cut.ApiCalls, cut.ToolCalls));
        var transcript = await session.GetTranscriptAsync(100);
        Assert.Equal(3, transcript.Count(message => message.Role == TranscriptRole.Tool && message.Text == "Echo: same again"));
        Assert.Contains(transcript, message => message.Role == TranscriptRole.Assistant && message.Text == cut.Reply);
        Assert.Equal((TurnOutcome.Completed, "going on", 2), (next.Outcome, next.Reply, next.TurnNumber));
        var nextRequest = models.Requests[^1];
        Assert.Equal(["loop please", "try something else"], LongConversation.UserTexts(nextRequest));
        Assert.Equal(4, nextRequest.Messages.Count(message => (string?)message?["role"] == "tool"));
    }
}
