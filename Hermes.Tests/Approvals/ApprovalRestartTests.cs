using System.Text.Json.Nodes;
using Hermes.Client;
using Hermes.Client.FrontDoor;
using Hermes.Contracts.Sessions;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Approvals;

/// <summary>A pending approval is durable state: it outlives the silo process, and an approved call never runs twice.</summary>
public sealed class ApprovalRestartTests
{
    [Fact]
    public async Task A_pending_approval_survives_a_silo_crash_and_a_call_cut_by_one_is_not_run_again()
    {
        using var folder = new TempFolder();
        var calls = folder.File("calls.log");
        var holdAfterTool = new TaskCompletionSource();
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", request => request.LastToolResult switch
        {
            { } result when result.Contains("held") => new ScriptedAnswer.Held(holdAfterTool.Task, new ScriptedAnswer.Text("never heard")),
            { } result => new ScriptedAnswer.Text($"The tool said: {result}"),
            null => new ScriptedAnswer.ToolCall("mcp__recorder__record", new JsonObject { ["note"] = request.LastUserText }.ToJsonString()),
        });
        await using var silo = new CrashingSilo(
        [
            .. ModelSettings(models, "primary"),
            .. McpServers.Recorder("recorder", Guid.NewGuid().ToString("N"), calls),
            new("Hermes:Mcp:Servers:recorder:approval", "ask"),
        ]);
        using var frontEnd = await silo.ConnectFrontEndAsync();
        var chat = Guid.NewGuid().ToString("N");
        Task<FrontDoorReply> Send(string text) => frontEnd.FrontDoor().SendAsync(new IncomingMessage("test", ChatType.Dm, chat, "tester", text));

        var paused = await Send("remember milk");
        Assert.Equal(TurnOutcome.AwaitingApproval, paused.Turn!.Outcome);
        await silo.CrashAndRestartAsync();

        var approved = await Send("/approve");
        Assert.Equal("The tool said: recorded: remember milk", approved.Turn!.Reply);
        Assert.Single(File.ReadAllLines(calls));

        // Approved, the call ran, and the silo dies before the turn is recorded: the call is closed as unknown, never re-run.
        Assert.Equal(TurnOutcome.AwaitingApproval, (await Send("held")).Turn!.Outcome);
        var cut = Send("/approve");
        await Poll.UntilAsync(() => File.Exists(calls) && File.ReadAllLines(calls).Length == 2, "the approved call ran");
        await silo.CrashAndRestartAsync();
        holdAfterTool.SetResult();

        // The front door sends the /approve again to the new silo, which finds the turn marked as running its calls.
        var retried = await cut;
        Assert.Contains("not run again", retried.Turn!.Notice);
        Assert.Equal("Nothing is waiting for approval.", retried.Turn.Reply);
        Assert.Equal(2, File.ReadAllLines(calls).Length);
        var transcript = await frontEnd.FrontDoor().SessionFor(new IncomingMessage("test", ChatType.Dm, chat, "tester", "-")).GetTranscriptAsync(20);
        Assert.Contains(transcript, message => message.Role == TranscriptRole.Tool && message.Text.Contains("whether it finished is unknown"));
    }
}
