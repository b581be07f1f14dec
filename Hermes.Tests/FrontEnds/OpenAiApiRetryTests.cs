using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hermes.Contracts.Sessions;
using Hermes.Tests.Infrastructure;
using OpenAI;
using OpenAI.Chat;

namespace Hermes.Tests.FrontEnds;

/// <summary>
/// However an OpenAI client library retries, one request runs at most one turn: the official .NET client with its
/// default retry policy against a broken model and a busy session, idempotency keys, and the window in which a failed
/// request sent again gets the same answer.
/// </summary>
public sealed class OpenAiApiRetryTests(ApiClusterFixture fixture) : IClassFixture<ApiClusterFixture>, IDisposable
{
    [Theory]
    [InlineData(400, false)]
    [InlineData(500, false)]
    [InlineData(400, true)]
    public async Task The_official_client_with_its_default_retries_records_one_turn_per_call_against_a_broken_model(int status, bool stream)
    {
        fixture.Models.Script("primary", _ => new ScriptedAnswer.Error(status, "broken on purpose", status < 500 ? "invalid_request_error" : "server_error"));
        var conversation = $"broken-{status}-{stream}-{Guid.NewGuid():N}";
        var tries = new TryCounter();
        var chat = OpenAi(tries).GetChatClient("hermes");
        Task Call(string text) => stream
            ? chat.CompleteChatStreamingAsync([new UserChatMessage(text)], new ChatCompletionOptions { EndUserId = conversation }).ToListAsync().AsTask()
            : chat.CompleteChatAsync([new UserChatMessage(text)], new ChatCompletionOptions { EndUserId = conversation });

        var first = await Assert.ThrowsAsync<ClientResultException>(() => Call("first"));
        var second = await Assert.ThrowsAsync<ClientResultException>(() => Call("second"));

        Assert.Equal((502, 502), (first.Status, second.Status));
        Assert.Equal("false", ShouldRetry(first));
        Assert.Equal(8, tries.Tries); // the client sent each call four times (502 is retried three times) …
        var snapshot = await fixture.Session(conversation).GetSnapshotAsync();
        Assert.Equal(2, snapshot.TurnCount); // … and each call ran one turn.
        Assert.Equal(["first", "second"], (await fixture.Session(conversation).GetTranscriptAsync(10)).Where(message => message.Role == TranscriptRole.User).Select(message => message.Text));
    }

    [Fact]
    public async Task The_official_client_with_its_default_retries_records_one_turn_per_call_against_a_busy_session()
    {
        var conversation = $"busy-{Guid.NewGuid():N}";
        var release = new TaskCompletionSource();
        fixture.Models.Script("primary", request => request.LastUserText == "slow"
            ? new ScriptedAnswer.Held(release.Task, new ScriptedAnswer.Text("re: slow"))
            : new ScriptedAnswer.Text($"re: {request.LastUserText}"));
        var tries = new TryCounter();
        var chat = OpenAi(tries).GetChatClient("hermes");

        var slow = chat.CompleteChatAsync([new UserChatMessage("slow")], new() { EndUserId = conversation });
        await Poll.UntilAsync(() => fixture.Models.Requests.Any(request => request.LastUserText == "slow"), "the slow turn to reach the model");
        var quick = await chat.CompleteChatAsync([new UserChatMessage("quick")], new() { EndUserId = conversation });
        var interrupted = await Assert.ThrowsAsync<ClientResultException>(() => slow);
        release.SetResult();

        Assert.Equal("re: quick", quick.Value.Content[0].Text);
        Assert.Equal((409, "interrupted", "false"), (interrupted.Status, (string?)ErrorOf(interrupted)["code"], ShouldRetry(interrupted)));
        Assert.Equal(2, tries.Tries);
        Assert.Equal(2, (await fixture.Session(conversation).GetSnapshotAsync()).TurnCount);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_gets_the_first_answer_and_a_reused_key_with_another_body_gets_422()
    {
        var conversation = $"keyed-{Guid.NewGuid():N}";

        using var first = await PostAsync(conversation, "hello", key: "key-1");
        using var retried = await PostAsync(conversation, "hello", key: "key-1");
        using var reused = await PostAsync(conversation, "something else", key: "key-1");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retried.StatusCode));
        Assert.Equal("re: hello", await AnswerOf(retried));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        var error = await ErrorOf(reused);
        Assert.Equal(("invalid_request_error", "idempotency_key_reused"), ((string?)error["type"], (string?)error["code"]));
        Assert.Equal(1, (await fixture.Session(conversation).GetSnapshotAsync()).TurnCount);
    }

    [Fact]
    public async Task A_key_reused_with_another_body_after_the_api_forgot_it_is_still_refused_by_the_session()
    {
        var conversation = $"keyed-late-{Guid.NewGuid():N}";

        using var first = await PostAsync(conversation, "hello", key: "key-late");
        fixture.ApiTime.Advance(TimeSpan.FromMinutes(10));
        using var reused = await PostAsync(conversation, "something else", key: "key-late");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("idempotency_key_reused", (string?)(await ErrorOf(reused))["code"]);
        Assert.Equal(1, (await fixture.Session(conversation).GetSnapshotAsync()).TurnCount);
    }

    [Fact]
    public async Task A_failed_request_sent_again_gets_the_same_answer_within_the_window_and_runs_again_after_it_while_a_success_is_never_replayed()
    {
        var conversation = $"window-{Guid.NewGuid():N}";
        fixture.Models.Script("primary", _ => new ScriptedAnswer.Error(400, "broken on purpose"));

        using var failed = await PostAsync(conversation, "hi");
        fixture.ApiTime.Advance(TimeSpan.FromSeconds(59));
        using var replayed = await PostAsync(conversation, "hi");
        var turnsWithinWindow = (await fixture.Session(conversation).GetSnapshotAsync()).TurnCount;
        fixture.ApiTime.Advance(TimeSpan.FromSeconds(2));
        using var afterWindow = await PostAsync(conversation, "hi");
        var turnsAfterWindow = (await fixture.Session(conversation).GetSnapshotAsync()).TurnCount;
        fixture.Models.Script("primary", request => new ScriptedAnswer.Text($"re: {request.LastUserText}"));
        fixture.ApiTime.Advance(TimeSpan.FromSeconds(61));
        using var answered = await PostAsync(conversation, "hi");
        using var regenerated = await PostAsync(conversation, "hi");

        Assert.Equal((HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.BadGateway), (failed.StatusCode, replayed.StatusCode, afterWindow.StatusCode));
        Assert.Equal(((string?)(await ErrorOf(failed))["message"], "false"), ((string?)(await ErrorOf(replayed))["message"], replayed.Headers.GetValues("x-should-retry").Single()));
        Assert.Equal((1, 2), (turnsWithinWindow, turnsAfterWindow));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (answered.StatusCode, regenerated.StatusCode));
        Assert.Equal(4, (await fixture.Session(conversation).GetSnapshotAsync()).TurnCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_unreachable_cluster_gets_503_in_openai_shape(bool stream)
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", request => new ScriptedAnswer.Text($"re: {request.LastUserText}"));
        var silo = await TestSilo.StartAsync(HermesCluster.ModelSettings(models, "primary"));
        await using var api = await ApiHost.StartAsync(silo);
        using var before = await PostAsync(api, "gone", "hi", stream);
        await silo.DisposeAsync();

        using var after = await PostAsync(api, "gone", "hi", stream);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable), (before.StatusCode, after.StatusCode));
        Assert.Equal(("api_error", "unavailable"), ((string?)(await ErrorOf(after))["type"], (string?)(await ErrorOf(after))["code"]));
        Assert.NotNull(after.Headers.RetryAfter);
    }

    public void Dispose() => fixture.Models.Script("primary", request => new ScriptedAnswer.Text($"re: {request.LastUserText}"));

    private OpenAIClient OpenAi(TryCounter tries)
    {
        var options = new OpenAIClientOptions { Endpoint = fixture.Api.BaseUrl };
        options.AddPolicy(tries, PipelinePosition.PerTry);
        return new OpenAIClient(new ApiKeyCredential(ApiHost.Key), options);
    }

    private Task<HttpResponseMessage> PostAsync(string conversation, string text, string? key = null) => PostAsync(fixture.Api, conversation, text, stream: false, key);

    private static async Task<HttpResponseMessage> PostAsync(ApiHost api, string conversation, string text, bool stream, string? key = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{api.BaseUrl}/chat/completions")
        {
            Content = JsonContent.Create(new { model = "hermes", stream, messages = new[] { new { role = "user", content = text } } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiHost.Key);
        request.Headers.Add("X-Hermes-Conversation", conversation);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static string? ShouldRetry(ClientResultException exception) =>
        exception.GetRawResponse()!.Headers.TryGetValue("x-should-retry", out var value) ? value : null;

    private static JsonObject ErrorOf(ClientResultException exception) =>
        JsonNode.Parse(exception.GetRawResponse()!.Content.ToString())!["error"]!.AsObject();

    private static async Task<JsonObject> ErrorOf(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.AsObject();

    private static async Task<string?> AnswerOf(HttpResponseMessage response) =>
        (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["choices"]![0]!["message"]!["content"];
}
