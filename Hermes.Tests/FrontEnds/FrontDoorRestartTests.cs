using Hermes.Client;
using Hermes.Client.FrontDoor;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using Xunit.Abstractions;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.FrontEnds;

/// <summary>The front door's retries across a silo that crashes and comes back: every message answered, none run twice.</summary>
public sealed class FrontDoorRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Messages_sent_while_the_silo_crashes_and_restarts_are_all_answered_and_recorded_once()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", request => new ScriptedAnswer.Text($"re: {request.LastUserText}", TimeSpan.FromMilliseconds(20)));
        await using var silo = new CrashingSilo(ModelSettings(models, "primary"));
        using var frontEnd = await silo.ConnectFrontEndAsync();
        var frontDoor = frontEnd.FrontDoor();
        var chat = Guid.NewGuid().ToString("N");

        var sending = Task.Run(async () =>
        {
            List<FrontDoorReply> replies = [];
            for (var i = 1; i <= 30; i++)
            {
                replies.Add(await frontDoor.SendAsync(new IncomingMessage("test", ChatType.Dm, chat, "tester", $"message {i}") { MessageId = $"{chat}-{i}" }));
            }

            return replies;
        });
        await Poll.UntilAsync(() => models.RequestsFor("primary") >= 10, "ten turns before the crash");
        await silo.CrashAndRestartAsync();
        var replies = await sending;

        Assert.Equal(Enumerable.Range(1, 30).Select(i => $"re: message {i}"), replies.Select(reply => reply.Text));
        var users = (await frontDoor.SessionFor(new IncomingMessage("test", ChatType.Dm, chat, "tester", "-")).GetTranscriptAsync(1000))
            .Where(message => message.Role == TranscriptRole.User)
            .Select(message => message.Text);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => $"message {i}"), users);
        output.WriteLine($"30 messages across a crash and restart: 30 answers, 30 recorded turns; the model saw {models.RequestsFor("primary")} requests");
    }

    [Fact]
    public async Task A_streamed_answer_cut_by_a_crash_is_flagged_and_the_recorded_answer_comes_whole()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", request => new ScriptedAnswer.Text($"the whole answer to {request.LastUserText}", TimeSpan.FromMilliseconds(300)));
        await using var silo = new CrashingSilo(ModelSettings(models, "primary"));
        using var frontEnd = await silo.ConnectFrontEndAsync();
        var crashed = 0;

        var reply = await frontEnd.FrontDoor().SendAsync(
            new IncomingMessage("test", ChatType.Dm, Guid.NewGuid().ToString("N"), "tester", "q") { MessageId = "streamed-1" },
            async (update, _) =>
            {
                if (update is TextDelta && Interlocked.Exchange(ref crashed, 1) == 0)
                {
                    await silo.CrashAndRestartAsync();
                }
            });

        Assert.True(reply.ProgressCut);
        Assert.Equal("the whole answer to q", reply.Text);
    }
}
