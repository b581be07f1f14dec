using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hermes.Contracts.Sessions;
using Hermes.ServiceDefaults.Logging;
using Hermes.ServiceDefaults.Secrets;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OpenTelemetry.Trace;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Operations;

/// <summary>
/// Canary secrets in the configuration of every host, a model endpoint that answers 401 quoting the credentials it was
/// sent, and turns through the OpenAI-compatible API and the Telegram bot. What the hosts log at their shipped levels,
/// what they trace, what the silo stores and what users are answered must hold no secret; logs and traces must hold no
/// message or reply text either.
/// </summary>
[Collection(ProcessWideTelemetryCollection.Name)]
public sealed class LogSafetyTests : IAsyncLifetime
{
    private const string ModelKey = "sk-canary-model-4f2a9c1e77";
    private const string ApiKey = "sk-canary-api-b81d03e5f6a2";
    private const string ApiKeyHolder = "canary";
    private const string DashboardPassword = "canary-dashboard-5d1e";
    private const string RedisPassword = "canary-redis-8e27c4";
    private const string Reply = "canary-reply-6b3f";
    private const long TelegramUser = 42;

    private static readonly string[] Secrets = [ModelKey, ApiKey, DashboardPassword, RedisPassword, TelegramBotApiStandIn.Token];

    private static readonly string[] Messages =
        ["canary-message-api-hello", "canary-message-api-fail", "canary-message-telegram-hello", "canary-message-telegram-fail", Reply];

    private readonly FakeLogCollector _logs = FakeLogCollector.Create(new FakeLogCollectorOptions());
    private readonly ExportedItems<Activity> _spans = new();
    private ScriptedModelServer _models = null!;
    private TestSilo _silo = null!;
    private ApiHost _api = null!;
    private TelegramBotApiStandIn _botApi = null!;
    private TelegramBotProcess _bot = null!;
    private FrontEnd _operator = null!;

    public async Task InitializeAsync()
    {
        _models = await ScriptedModelServer.StartAsync();
        var refuse = Scripts.RefuseEchoingCredentials();
        _models.Script("primary", request => request.LastUserText!.EndsWith("-fail", StringComparison.Ordinal) ? refuse(request) : new ScriptedAnswer.Text(Reply));
        _silo = await TestSilo.StartAsync(
            [
                .. ModelSettings(_models, "primary"),
                .. ShippedLogLevels(),
                new("Hermes:Model:ApiKey", ModelKey),
                new("Hermes:Dashboard:Username", "operator"),
                new("Hermes:Dashboard:Password", DashboardPassword),
                new("Orleans:Clustering:ConnectionString", $"127.0.0.1:6379,password={RedisPassword}"),
            ],
            configure: builder =>
            {
                builder.Logging.AddProvider(new FakeLoggerProvider(_logs));
                builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
            });
        _api = await ApiHost.StartAsync(
            _silo,
            builder =>
            {
                builder.Logging.AddProvider(new FakeLoggerProvider(_logs));
                builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
            },
            [.. ShippedLogLevels().Select(level => (level.Key, level.Value!)), ($"Hermes:Api:Keys:{ApiKeyHolder}", ApiKey)]);
        _botApi = await TelegramBotApiStandIn.StartAsync();
        _bot = await TelegramBotProcess.StartAsync(
            _botApi,
            _silo,
            builder =>
            {
                builder.Logging.AddProvider(new FakeLoggerProvider(_logs));
                builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
            },
            [
                .. ShippedLogLevels().Select(level => (level.Key, level.Value!)),
                ("Hermes:Access:Platforms:telegram:AllowedUsers:0", TelegramUser.ToString(CultureInfo.InvariantCulture)),
            ]);
        _operator = await FrontEnd.StartAsync([_silo]);
    }

    public async Task DisposeAsync()
    {
        await _operator.DisposeAsync();
        await _bot.DisposeAsync();
        await _botApi.DisposeAsync();
        await _api.DisposeAsync();
        await _silo.DisposeAsync();
        await _models.DisposeAsync();
    }

    [Fact]
    public async Task No_secret_reaches_a_log_a_trace_the_store_or_a_reply_and_no_message_text_reaches_a_log_or_a_trace()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_api.BaseUrl + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);

        // Named, so that both messages go to the one session whose stored state is read below.
        http.DefaultRequestHeaders.Add("X-Hermes-Conversation", "default");
        using var answered = await http.PostAsJsonAsync("chat/completions", Completion("canary-message-api-hello"));
        using var failed = await http.PostAsJsonAsync("chat/completions", Completion("canary-message-api-fail"));
        using var anonymous = new HttpClient();
        using var refused = await anonymous.GetAsync(new Uri($"{_api.BaseUrl}/models?api_key={ApiKey}"));
        _botApi.WriteInPrivate(TelegramUser, "canary-message-telegram-hello");
        await _botApi.SentToAsync(TelegramUser, 1);
        _botApi.WriteInPrivate(TelegramUser, "canary-message-telegram-fail");
        await _botApi.SentToAsync(TelegramUser, 2);
        _botApi.WriteInPrivate(TelegramUser, "/status");
        var telegramReplies = await _botApi.SentToAsync(TelegramUser, 3);

        // The turns happened as meant: answered, failed on the model's refusal, refused at the door.
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains(Reply, await answered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(Reply, telegramReplies[0].Text);
        Assert.Equal(4, _models.RequestsFor("primary"));

        // The model's error text reaches the user with the echoed key masked.
        var failedBody = await failed.Content.ReadAsStringAsync();
        Assert.Contains(SecretRedactor.Mask, failedBody, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Mask, telegramReplies[1].Text, StringComparison.Ordinal);
        AssertFree("the API's error body", failedBody, Secrets);
        AssertFree("the API's refusal", await refused.Content.ReadAsStringAsync(), Secrets);
        Assert.All(telegramReplies, reply => AssertFree("a Telegram reply", reply.Text, Secrets));

        // What the silo keeps: the snapshots and transcripts it serves, and the bytes of its SQLite files (WAL included).
        foreach (var key in new[] { SessionKey.ForDm("api", $"{ApiKeyHolder}/default"), SessionKey.ForDm("telegram", "42") })
        {
            var session = _operator.Client.GetSessionGrain(key);
            var snapshot = JsonSerializer.Serialize(await session.GetSnapshotAsync());
            Assert.Contains(SecretRedactor.Mask, snapshot, StringComparison.Ordinal);
            AssertFree($"the snapshot of {key}", snapshot, Secrets);
            AssertFree($"the transcript of {key}", JsonSerializer.Serialize(await session.GetTranscriptAsync(100)), Secrets);
        }

        var stored = StoredBytes();
        Assert.Contains("canary-message-telegram-hello", stored, StringComparison.Ordinal);
        AssertFree("the SQLite store", stored, Secrets);

        // Logs and traces at the shipped levels: they were written (the pipeline works), and hold neither secrets nor text.
        var logs = _logs.GetSnapshot();
        Assert.Contains(logs, record => record.Category == "Microsoft.Hosting.Lifetime" && record.Level == LogLevel.Information);
        Assert.All(logs, record => AssertFree($"a log record of {record.Category}", Describe(record), [.. Secrets, .. Messages]));
        foreach (var services in new[] { _silo.Services, _api.Services, _bot.Services })
        {
            services.GetRequiredService<TracerProvider>().ForceFlush();
        }

        var spans = _spans.Snapshot();
        Assert.Contains(spans, span => span.Status == ActivityStatusCode.Error && span.StatusDescription is not null);
        Assert.All(spans, span => AssertFree($"span {span.DisplayName}", Describe(span), [.. Secrets, .. Messages]));
    }

    /// <summary>The shipped log levels of a service host, set explicitly over the test hosts' quieter defaults.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> ShippedLogLevels() => HermesLoggingExtensions.DefaultLevels(LogLevel.Information);

    private static object Completion(string text) => new { model = "hermes", messages = new[] { new { role = "user", content = text } } };

    private string StoredBytes() => string.Concat(Directory.EnumerateFiles(_silo.DataFolder, "*", SearchOption.AllDirectories).Select(path =>
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return Encoding.UTF8.GetString(copy.ToArray());
    }));

    private static string Describe(FakeLogRecord record) => string.Join(
        '\n',
        [
            record.Message,
            record.Exception?.ToString(),
            .. record.StructuredState?.Select(pair => $"{pair.Key}={pair.Value}") ?? [],
            .. record.Scopes.Select(scope => scope?.ToString()),
        ]);

    private static string Describe(Activity span) => string.Join(
        '\n',
        [
            span.DisplayName,
            span.StatusDescription,
            .. span.TagObjects.Select(tag => $"{tag.Key}={tag.Value}"),
            .. span.Events.SelectMany(e => e.Tags.Select(tag => $"{e.Name}:{tag.Key}={tag.Value}")),
            .. span.Baggage.Select(item => $"{item.Key}={item.Value}"),
        ]);

    private static void AssertFree(string where, string text, IEnumerable<string> canaries)
    {
        foreach (var canary in canaries)
        {
            Assert.False(text.Contains(canary, StringComparison.Ordinal), $"{where} holds '{canary}':\n{text}");
        }
    }
}
