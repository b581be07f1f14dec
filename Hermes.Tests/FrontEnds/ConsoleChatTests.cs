using System.Globalization;
using Hermes.Client.Console;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.FrontEnds;

/// <summary><c>hermes chat</c> against a real silo: progress as the agent works, history, commands, exit codes.</summary>
public sealed class ConsoleChatTests : IAsyncLifetime
{
    private ScriptedModelServer _models = null!;
    private TestSilo _silo = null!;

    public async Task InitializeAsync()
    {
        _models = await ScriptedModelServer.StartAsync();
        _models.Script("primary", Scripts.CallToolThenQuote("mcp__everything__echo", """{"message":"from the console"}"""));
        _silo = await TestSilo.StartAsync([.. ModelSettings(_models, "primary"), .. McpServers.Everything("everything", Guid.NewGuid().ToString("N"))]);
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _models.DisposeAsync();
    }

    [Fact]
    public async Task An_interactive_chat_shows_the_tool_call_as_it_happens_then_the_reply_and_passes_commands_through()
    {
        var chat = Guid.NewGuid().ToString("N");
        var output = new StringWriter();

        var exitCode = await Console(chat, "use the echo tool\n/usage\n/quit\n", output).RunAsync(oneMessage: null, printStatus: false, history: 10, CancellationToken.None);
        var shown = output.ToString();

        Assert.Equal(ConsoleChat.Succeeded, exitCode);
        var toolLine = shown.IndexOf("[tool] mcp__everything__echo", StringComparison.Ordinal);
        var reply = shown.IndexOf("The tool said: Echo: from the console", StringComparison.Ordinal);
        Assert.True(toolLine >= 0 && reply > toolLine, shown);
        Assert.Contains("Tokens this session:", shown);

        var again = new StringWriter();
        await Console(chat, "/quit\n", again).RunAsync(oneMessage: null, printStatus: false, history: 10, CancellationToken.None);
        Assert.Contains("you: use the echo tool", again.ToString());
        Assert.Contains("agent: The tool said: Echo: from the console", again.ToString());
    }

    [Fact]
    public async Task One_message_exits_zero_when_answered_and_one_when_the_turn_fails()
    {
        var answered = await Console(Guid.NewGuid().ToString("N"), string.Empty, new StringWriter()).RunAsync("hello", printStatus: false, history: 0, CancellationToken.None);
        _models.Script("primary", Scripts.InvalidModel("primary"));
        var output = new StringWriter();
        var failed = await Console(Guid.NewGuid().ToString("N"), string.Empty, output).RunAsync("hello", printStatus: false, history: 0, CancellationToken.None);

        Assert.Equal((ConsoleChat.Succeeded, ConsoleChat.TurnFailed), (answered, failed));
        Assert.Contains("primary is not a valid model ID", output.ToString());
    }

    [Fact]
    public async Task Help_in_the_console_names_quit_beside_the_session_commands()
    {
        var output = new StringWriter();

        await Console(Guid.NewGuid().ToString("N"), "/help\n/quit\n", output).RunAsync(oneMessage: null, printStatus: false, history: 0, CancellationToken.None);

        Assert.Contains("/status", output.ToString());
        Assert.Contains(ConsoleChat.QuitHelp, output.ToString());
    }

    [Fact]
    public async Task Status_prints_the_sessions_own_status_report()
    {
        var chat = Guid.NewGuid().ToString("N");
        var output = new StringWriter();

        var exitCode = await Console(chat, string.Empty, output).RunAsync(oneMessage: null, printStatus: true, history: 0, CancellationToken.None);

        Assert.Equal(ConsoleChat.Succeeded, exitCode);
        Assert.Contains("Model: primary", output.ToString());
        Assert.Contains($"key console:dm:{chat}", output.ToString());
    }

    private ConsoleChat Console(string chat, string input, TextWriter output) => new(
        chat,
        new StringReader(input),
        output,
        [new("Orleans:Clustering:ProviderType", "Static"), new("Orleans:Clustering:Gateways:0", $"127.0.0.1:{_silo.GatewayPort.ToString(CultureInfo.InvariantCulture)}")]);
}
