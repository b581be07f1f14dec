using System.ClientModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Hermes.Client.Console;
using Hermes.Contracts.Sessions;
using Hermes.Tests.Infrastructure;
using OpenAI;
using OpenAI.Chat;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Approvals;

/// <summary>Each front-end's way to answer a tool call that waits for approval: Telegram's buttons, the console's inline prompt.</summary>
public sealed class ApprovalFrontEndTests : IAsyncLifetime
{
    private const long Alice = 42;
    private const long Bob = 43;

    private readonly TempFolder _folder = new();
    private ScriptedModelServer _models = null!;
    private TestSilo _silo = null!;

    private int Calls => File.Exists(_folder.File("calls.log")) ? File.ReadAllLines(_folder.File("calls.log")).Length : 0;

    public async Task InitializeAsync()
    {
        _models = await ScriptedModelServer.StartAsync();
        _models.Script("primary", request => request.LastToolResult is { } result
            ? new ScriptedAnswer.Text($"The tool said: {result}")
            : new ScriptedAnswer.ToolCall("mcp__recorder__record", new JsonObject { ["note"] = request.LastUserText }.ToJsonString()));
        _silo = await TestSilo.StartAsync(
        [
            .. ModelSettings(_models, "primary"),
            .. McpServers.Recorder("recorder", Guid.NewGuid().ToString("N"), _folder.File("calls.log")),
            new("Hermes:Mcp:Servers:recorder:approval", "ask"),
        ]);
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _models.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Telegram_asks_with_buttons_and_a_press_decides_edits_the_question_and_sends_the_answer()
    {
        await using var botApi = await TelegramBotApiStandIn.StartAsync();
        await using var bot = await TelegramBotProcess.StartAsync(botApi, _silo, ("Hermes:Access:AllowAll", "true"));

        botApi.WriteInPrivate(Alice, "remember milk");
        var question = Assert.Single(await botApi.SentToAsync(Alice));
        Assert.Contains("mcp__recorder__record", question.Text);
        Assert.Equal(["approve:1:42", "always:1:42", "deny:1:42"], question.Buttons);

        // Someone else's press decides nothing and keeps the buttons.
        botApi.PressButton(Bob, question, question.Buttons![0]);
        await Poll.UntilAsync(() => botApi.CallbackAnswers.Count == 1, "the refused press answered");
        Assert.StartsWith("Only the user", botApi.CallbackAnswers[0].Text);
        Assert.Equal(0, Calls);

        botApi.PressButton(Alice, question, question.Buttons![0]);

        var sent = await botApi.SentToAsync(Alice, 2);
        Assert.Equal("The tool said: recorded: remember milk", sent[1].Text);
        var edit = Assert.Single(botApi.Edits);
        Assert.Equal((question.MessageId, false), (edit.MessageId, edit.KeepsButtons));
        Assert.Contains("Approved: [1]", edit.Text);
        Assert.Equal(1, Calls);

        // A second press of the same button (a double tap) runs nothing.
        botApi.PressButton(Alice, question, question.Buttons![0]);
        await Poll.UntilAsync(() => botApi.Edits.Count == 2, "the second press answered");
        Assert.Contains("Nothing is waiting", botApi.Edits[1].Text);
        Assert.Equal(1, Calls);
    }

    [Fact]
    public async Task Chat_completions_return_the_question_as_text_with_the_approve_hint_streamed_or_not()
    {
        await using var api = await ApiHost.StartAsync(_silo);
        var chat = new OpenAIClient(new ApiKeyCredential(ApiHost.Key), new OpenAIClientOptions { Endpoint = api.BaseUrl }).GetChatClient("hermes");

        var whole = await chat.CompleteChatAsync([new UserChatMessage("remember milk")], new ChatCompletionOptions { EndUserId = $"whole-{Guid.NewGuid():N}" });
        List<string> pieces = [];
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("remember eggs")], new ChatCompletionOptions { EndUserId = $"stream-{Guid.NewGuid():N}" }))
        {
            pieces.AddRange(update.ContentUpdate.Select(part => part.Text));
        }

        Assert.Contains("mcp__recorder__record {\"note\":\"remember milk\"}", whole.Value.Content[0].Text);
        Assert.Contains("/approve", whole.Value.Content[0].Text);
        Assert.Contains("mcp__recorder__record {\"note\":\"remember eggs\"}", string.Concat(pieces));
        Assert.Contains("/approve", string.Concat(pieces));
        Assert.Equal(0, Calls);
    }

    [Fact]
    public async Task The_console_asks_inline_and_y_approves()
    {
        var output = new StringWriter();
        var console = new ConsoleChat(
            Guid.NewGuid().ToString("N"),
            new StringReader("remember tea\ny\n/quit\n"),
            output,
            [new("Orleans:Clustering:ProviderType", "Static"), new("Orleans:Clustering:Gateways:0", $"127.0.0.1:{_silo.GatewayPort.ToString(CultureInfo.InvariantCulture)}")]);

        var exitCode = await console.RunAsync(oneMessage: null, printStatus: false, history: 0, CancellationToken.None);

        Assert.Equal(ConsoleChat.Succeeded, exitCode);
        var text = output.ToString();
        Assert.Contains("Run [1] mcp__recorder__record {\"note\":\"remember tea\"}? [y/n/always]", text);
        Assert.Contains("The tool said: recorded: remember tea", text);
        Assert.Equal(1, Calls);
    }
}
