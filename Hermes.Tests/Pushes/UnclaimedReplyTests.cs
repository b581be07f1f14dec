using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hermes.Client.Api.Webhooks;
using Hermes.Client.Console;
using Hermes.Contracts.Pushes;
using Hermes.Contracts.Sessions;
using Hermes.Contracts.Turns;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Pushes;

/// <summary>
/// A reply to a typed message whose caller left before the turn ended reaches the front-end anyway, through its outbox:
/// a Telegram bot stopped mid-turn, a front-end that died holding the result (never claimed it), an HTTP client that
/// disconnected, streamed or not, a console closed mid-turn. A reply its caller took is never pushed as well.
/// </summary>
public sealed class UnclaimedReplyTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ScriptedModelServer _models = null!;
    private TelegramBotApiStandIn _botApi = null!;
    private TestSilo _silo = null!;
    private FrontEnd _frontEnd = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _models = await ScriptedModelServer.StartAsync();

        // "later" is answered once the test releases it; "slowly" streams word by word; anything else at once.
        _models.Script("primary", request => request.LastUserText switch
        {
            "later" => new ScriptedAnswer.Held(_release.Task, new ScriptedAnswer.Text("the late answer")),
            "slowly" => new ScriptedAnswer.Text("the slow answer" + string.Concat(Enumerable.Repeat(" word", 30)), TimeSpan.FromMilliseconds(100)),
            var text => new ScriptedAnswer.Text($"re: {text}"),
        });
        _botApi = await TelegramBotApiStandIn.StartAsync();
        _silo = await TestSilo.StartAsync(ModelSettings(_models, "primary"));
        _frontEnd = await FrontEnd.StartAsync([_silo]);

        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _receiver.DisposeAsync();
        await _frontEnd.DisposeAsync();
        await _silo.DisposeAsync();
        await _botApi.DisposeAsync();
        await _models.DisposeAsync();
    }

    [Fact]
    public async Task A_telegram_bot_stopped_mid_turn_sends_the_reply_once_when_it_is_back()
    {
        var bot = await TelegramBotProcess.StartAsync(_botApi, _silo, ("Hermes:Access:AllowAll", "true"));
        _botApi.WriteInPrivate(31, "later");
        await _models.WaitForRequestAsync("primary");

        // The bot goes away while the model still works: its call is cancelled, the turn is not.
        await bot.DisposeAsync();
        _release.SetResult();
        await using var restarted = await TelegramBotProcess.StartAsync(_botApi, _silo);

        await _botApi.SentToAsync(31);
        await Poll.UntilAsync(async () => (await Outbox("telegram").PeekAsync()).IsEmpty, "the outbox drained");
        Assert.Equal("the late answer", Assert.Single(_botApi.Sent, message => message.ChatId == 31).Text);
        Assert.Equal(1, _models.RequestsFor("primary"));
    }

    [Fact]
    public async Task A_result_its_front_end_never_claimed_is_pushed_after_the_claim_window_and_sent_by_the_bot()
    {
        // A front-end that dies holding the result never claims it: here, a caller that asks for a push and does not claim.
        var session = _frontEnd.Client.GetSessionGrain(SessionKey.ForDm("telegram", "32"));
        _release.SetResult();
        var result = await session.SendTurnAsync(new TurnRequest("later", "telegram-32-1", PushIfUnclaimed: new PushFallback("telegram", TimeSpan.FromMilliseconds(200))));
        await using var bot = await TelegramBotProcess.StartAsync(_botApi, _silo);

        await _botApi.SentToAsync(32);
        await Poll.UntilAsync(async () => (await Outbox("telegram").PeekAsync()).IsEmpty, "the outbox drained");
        Assert.Equal("the late answer", result.Reply);
        Assert.Equal("the late answer", Assert.Single(_botApi.Sent, message => message.ChatId == 32).Text);
    }

    [Fact]
    public async Task An_http_client_that_disconnects_mid_turn_gets_the_reply_at_its_webhook()
    {
        await using var api = await ApiHost.StartAsync(_silo, ($"Hermes:Api:Webhooks:{ApiHost.KeyHolder}:Url", _receiver.Url));
        using var leaving = new CancellationTokenSource();
        using var http = Client(api);

        var call = http.SendAsync(Request("gone-plain", "later", stream: false), leaving.Token);
        await _models.WaitForRequestAsync("primary");
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        _release.SetResult();

        await Poll.UntilAsync(() => !_receiver.Posted.IsEmpty, "the webhook's post");
        var reply = JsonSerializer.Deserialize<PushedReplyBody>(Assert.Single(_receiver.Posted).Body)!;
        Assert.Equal(("gone-plain", "the late answer"), (reply.Conversation, reply.Text));
        var transcript = await _frontEnd.Client.GetSessionGrain(ApiSession("gone-plain")).GetTranscriptAsync(10);
        Assert.Equal("the late answer", transcript[^1].Text);
    }

    [Fact]
    public async Task A_streamed_request_whose_client_left_keeps_its_whole_reply_readable()
    {
        await using var api = await ApiHost.StartAsync(_silo);
        using var http = Client(api);
        using (var leaving = new CancellationTokenSource())
        {
            using var response = await http.SendAsync(Request("gone-streamed", "slowly", stream: true), HttpCompletionOption.ResponseHeadersRead, leaving.Token);
            using var events = new StreamReader(await response.Content.ReadAsStreamAsync(leaving.Token));
            Assert.StartsWith("data: ", await events.ReadLineAsync(leaving.Token));
            await leaving.CancelAsync();
        }

        JsonElement waiting = default;
        await Poll.UntilAsync(async () => (waiting = (await http.GetFromJsonAsync<JsonElement>("hermes/replies")).GetProperty("data")).GetArrayLength() == 1, "the reply kept for the caller");
        Assert.Equal("gone-streamed", waiting[0].GetProperty("conversation").GetString());
        Assert.StartsWith("the slow answer word word", waiting[0].GetProperty("text").GetString());
        Assert.Equal(1, _models.RequestsFor("primary"));
    }

    [Fact]
    public async Task A_reply_its_caller_took_is_never_pushed_as_well()
    {
        await using var api = await ApiHost.StartAsync(_silo);
        using var http = Client(api);
        using var answered = await http.SendAsync(Request("stayed", "hello", stream: false));
        answered.EnsureSuccessStatusCode();

        // Beside it, a caller that never claims its result, with a claim window far longer than the test.
        await _frontEnd.Client.GetSessionGrain(ApiSession("never-claimed")).SendTurnAsync(
            new TurnRequest("hi", "never-claimed-1", PushIfUnclaimed: new PushFallback(PushDestination.ForApiKey(ApiHost.KeyHolder), TimeSpan.FromHours(1))));

        // A session that deactivates pushes every result still waiting for its claim.
        await _frontEnd.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        JsonElement waiting = default;
        await Poll.UntilAsync(async () => (waiting = (await http.GetFromJsonAsync<JsonElement>("hermes/replies")).GetProperty("data")).GetArrayLength() > 0, "the unclaimed reply");
        Assert.Equal(["never-claimed"], waiting.EnumerateArray().Select(reply => reply.GetProperty("conversation").GetString()));
        Assert.Equal("re: hi", waiting[0].GetProperty("text").GetString());
        Assert.Equal("re: hello", (await answered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_console_closed_mid_turn_shows_the_reply_when_it_opens_again()
    {
        var chatId = Guid.NewGuid().ToString("N");
        var first = new TypedLines();
        using var closing = new CancellationTokenSource();
        var closed = Console(chatId, first, TextWriter.Null).RunAsync(oneMessage: null, printStatus: false, history: 0, closing.Token);
        first.Type("later");
        await _models.WaitForRequestAsync("primary");
        await closing.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => closed);
        _release.SetResult();

        var again = new TypedLines();
        var output = new StringWriter();
        var shown = TextWriter.Synchronized(output);
        var reopened = Console(chatId, again, shown).RunAsync(oneMessage: null, printStatus: false, history: 0, CancellationToken.None);
        await Poll.UntilAsync(() => Shown().Contains($"{ConsoleChat.Earlier} the late answer", StringComparison.Ordinal), "the earlier reply on the console");
        again.Type("/quit");

        Assert.Equal(ConsoleChat.Succeeded, await reopened);
        Assert.Equal(1, _models.RequestsFor("primary"));

        string Shown()
        {
            lock (shown)
            {
                return output.ToString();
            }
        }
    }

    private IPushOutboxGrain Outbox(string destination) => _frontEnd.Client.GetGrain<IPushOutboxGrain>(destination);

    private ConsoleChat Console(string chatId, TextReader input, TextWriter output) => new(
        chatId,
        input,
        output,
        [new("Orleans:Clustering:ProviderType", "Static"), new("Orleans:Clustering:Gateways:0", $"127.0.0.1:{_silo.GatewayPort.ToString(CultureInfo.InvariantCulture)}")]);

    private static SessionKey ApiSession(string conversation) => SessionKey.ForDm("api", $"{ApiHost.KeyHolder}/{conversation}");

    private static HttpClient Client(ApiHost api)
    {
        var client = new HttpClient { BaseAddress = new Uri($"{api.BaseUrl}/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiHost.Key);
        return client;
    }

    private static HttpRequestMessage Request(string conversation, string text, bool stream)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions")
        {
            Content = JsonContent.Create(new { model = "hermes", stream, messages = new[] { new { role = "user", content = text } } }),
        };
        request.Headers.Add("X-Hermes-Conversation", conversation);
        return request;
    }
}
