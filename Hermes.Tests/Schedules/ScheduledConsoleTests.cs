using System.Globalization;
using Hermes.Client.Console;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Schedules;

/// <summary>An open console prints a scheduled turn's reply while it waits for the user's next line.</summary>
public sealed class ScheduledConsoleTests
{
    [Fact]
    public async Task An_open_console_prints_the_reply_of_a_scheduled_turn_nobody_asked_for_at_that_moment()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.Reply("time to stretch"));
        await using var silo = await TestSilo.StartAsync(ModelSettings(models, "primary"));
        var lines = new TypedLines();
        var output = new StringWriter();
        var shown = TextWriter.Synchronized(output);
        var chat = new ConsoleChat(
            Guid.NewGuid().ToString("N"),
            lines,
            shown,
            [new("Orleans:Clustering:ProviderType", "Static"), new("Orleans:Clustering:Gateways:0", $"127.0.0.1:{silo.GatewayPort.ToString(CultureInfo.InvariantCulture)}")]);

        var running = chat.RunAsync(oneMessage: null, printStatus: false, history: 0, CancellationToken.None);
        lines.Type("/in 1s remind me to stretch");
        await Poll.UntilAsync(() => Shown().Contains($"{ConsoleChat.Scheduled} time to stretch", StringComparison.Ordinal), "the scheduled reply on the console");
        lines.Type("/quit");

        Assert.Equal(ConsoleChat.Succeeded, await running);
        Assert.Contains("Scheduled s1: once at", Shown());

        string Shown()
        {
            lock (shown)
            {
                return output.ToString();
            }
        }
    }
}
