using System.Globalization;
using Hermes.Client;
using Hermes.Client.FrontDoor;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime.Messaging;
using Xunit.Abstractions;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.FrontEnds;

/// <summary>The front door's retries across a silo that crashes and comes back: every message answered, none run twice.</summary>
public sealed class FrontDoorRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Messages_sent_while_the_silo_crashes_and_restarts_are_all_answered_and_recorded_once()
    {
        using var data = new TempFolder();
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", request => new ScriptedAnswer.Text($"re: {request.LastUserText}", TimeSpan.FromMilliseconds(20)));
        var ports = (Silo: LoopbackPort.Free(), Gateway: LoopbackPort.Free());
        Dictionary<string, string?> silo = new(ModelSettings(models, "primary"))
        {
            ["Hermes:Cluster:DataFolder"] = data.Path,
            ["Hermes:Cluster:SiloPort"] = ports.Silo.ToString(CultureInfo.InvariantCulture),
            ["Hermes:Cluster:GatewayPort"] = ports.Gateway.ToString(CultureInfo.InvariantCulture),
        };
        var first = SiloProcess.Start(silo);
        SiloProcess? second = null;
        try
        {
            using var frontEnd = await ConnectAsync(new Dictionary<string, string?>
            {
                ["Hermes:Cluster:GatewayPort"] = ports.Gateway.ToString(CultureInfo.InvariantCulture),
                ["Hermes:Access:AllowAll"] = "true",
                ["Hermes:Client:ResponseTimeout"] = "00:00:10",
                ["Hermes:Client:Retries"] = "10",
            });
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
            await first.KillAsync();
            second = SiloProcess.Start(silo);
            var replies = await sending;

            Assert.Equal(Enumerable.Range(1, 30).Select(i => $"re: message {i}"), replies.Select(reply => reply.Text));
            var users = (await frontDoor.SessionFor(new IncomingMessage("test", ChatType.Dm, chat, "tester", "-")).GetTranscriptAsync(1000))
                .Where(message => message.Role == TranscriptRole.User)
                .Select(message => message.Text);
            Assert.Equal(Enumerable.Range(1, 30).Select(i => $"message {i}"), users);
            output.WriteLine($"30 messages across a crash and restart: 30 answers, 30 recorded turns; the model saw {models.RequestsFor("primary")} requests");
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_streamed_answer_cut_by_a_crash_is_flagged_and_the_recorded_answer_comes_whole()
    {
        using var data = new TempFolder();
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", request => new ScriptedAnswer.Text($"the whole answer to {request.LastUserText}", TimeSpan.FromMilliseconds(300)));
        var ports = (Silo: LoopbackPort.Free(), Gateway: LoopbackPort.Free());
        Dictionary<string, string?> silo = new(ModelSettings(models, "primary"))
        {
            ["Hermes:Cluster:DataFolder"] = data.Path,
            ["Hermes:Cluster:SiloPort"] = ports.Silo.ToString(CultureInfo.InvariantCulture),
            ["Hermes:Cluster:GatewayPort"] = ports.Gateway.ToString(CultureInfo.InvariantCulture),
        };
        var first = SiloProcess.Start(silo);
        SiloProcess? second = null;
        try
        {
            using var frontEnd = await ConnectAsync(new Dictionary<string, string?>
            {
                ["Hermes:Cluster:GatewayPort"] = ports.Gateway.ToString(CultureInfo.InvariantCulture),
                ["Hermes:Access:AllowAll"] = "true",
                ["Hermes:Client:ResponseTimeout"] = "00:00:10",
                ["Hermes:Client:Retries"] = "10",
            });
            var crashed = 0;
            var reply = await frontEnd.FrontDoor().SendAsync(
                new IncomingMessage("test", ChatType.Dm, Guid.NewGuid().ToString("N"), "tester", "q") { MessageId = "streamed-1" },
                async (update, _) =>
                {
                    if (update is TextDelta && Interlocked.Exchange(ref crashed, 1) == 0)
                    {
                        await first.KillAsync();
                        second = SiloProcess.Start(silo);
                    }
                });

            Assert.True(reply.ProgressCut);
            Assert.Equal("the whole answer to q", reply.Text);
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }

    /// <summary>Starts the front-end's client once the silo listens.</summary>
    private static async Task<IHost> ConnectAsync(Dictionary<string, string?> settings)
    {
        IHost? host = null;
        await Poll.UntilAsync(async () =>
        {
            try
            {
                host = await ClusterClientHost.StartAsync(settings, CancellationToken.None);
                return true;
            }
            catch (ConnectionFailedException)
            {
                return false;
            }
        }, "the silo's gateway");
        return host!;
    }
}
