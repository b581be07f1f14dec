using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using OpenAI;
using OpenAI.Chat;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.FrontEnds;

/// <summary>The OpenAI-compatible API, driven by the official OpenAI .NET client and by plain HTTP for the failures.</summary>
public sealed class OpenAiApiTests : IAsyncLifetime
{
    private ScriptedModelServer _models = null!;
    private TestSilo _silo = null!;
    private ApiHost _api = null!;

    public async Task InitializeAsync()
    {
        _models = await ScriptedModelServer.StartAsync();
        _models.Script("primary", request => new ScriptedAnswer.Text($"re: {request.LastUserText}", TimeSpan.FromMilliseconds(5)));
        _silo = await TestSilo.StartAsync(ModelSettings(_models, "primary"));
        _api = await ApiHost.StartAsync(_silo);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _silo.DisposeAsync();
        await _models.DisposeAsync();
    }

    [Fact]
    public async Task The_official_client_gets_a_whole_answer_and_the_session_keeps_the_conversation()
    {
        var chat = OpenAi(ApiHost.Key).GetChatClient("hermes");
        var conversation = new ChatCompletionOptions { EndUserId = $"whole-{Guid.NewGuid():N}" };

        var first = await chat.CompleteChatAsync([new UserChatMessage("hello there")], conversation);
        var second = await chat.CompleteChatAsync([new UserChatMessage("hello there"), new AssistantChatMessage(first.Value.Content[0].Text), new UserChatMessage("and again")], conversation);

        Assert.Equal("re: hello there", first.Value.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, first.Value.FinishReason);
        Assert.Equal((12, 5), (first.Value.Usage.InputTokenCount, first.Value.Usage.OutputTokenCount));
        Assert.Equal("re: and again", second.Value.Content[0].Text);
        Assert.Equal(3, _models.Requests.Last().Messages.Count);
    }

    [Fact]
    public async Task The_official_client_streams_the_answer_in_pieces()
    {
        var chat = OpenAi(ApiHost.Key).GetChatClient("hermes");
        List<string> pieces = [];
        ChatFinishReason? finish = null;

        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("stream me four words")], new ChatCompletionOptions { EndUserId = $"stream-{Guid.NewGuid():N}" }))
        {
            pieces.AddRange(update.ContentUpdate.Select(part => part.Text).Where(text => text.Length > 0));
            finish ??= update.FinishReason;
        }

        Assert.True(pieces.Count >= 4, $"only {pieces.Count} pieces");
        Assert.Equal("re: stream me four words", string.Concat(pieces));
        Assert.Equal(ChatFinishReason.Stop, finish);
    }

    [Fact]
    public async Task The_models_list_names_the_agent()
    {
        var models = await OpenAi(ApiHost.Key).GetOpenAIModelClient().GetModelsAsync();

        Assert.Contains(models.Value, model => model.Id == "hermes");
    }

    [Fact]
    public async Task A_wrong_key_and_an_unknown_model_are_refused_in_openai_shape()
    {
        var badKey = await Assert.ThrowsAsync<ClientResultException>(() => OpenAi("sk-wrong").GetChatClient("hermes").CompleteChatAsync([new UserChatMessage("hi")]));
        var unknownModel = await Assert.ThrowsAsync<ClientResultException>(() => OpenAi(ApiHost.Key).GetChatClient("gpt-4o").CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(401, badKey.Status);
        Assert.Equal("invalid_api_key", (string?)ErrorOf(badKey)["code"]);
        Assert.Equal(404, unknownModel.Status);
        Assert.Equal("model_not_found", (string?)ErrorOf(unknownModel)["code"]);
    }

    [Theory]
    [InlineData("""{"model":"hermes"}""", "messages")]
    [InlineData("""{"model":"hermes","messages":[]}""", "messages")]
    [InlineData("""{"model":"hermes","messages":[{"role":"assistant","content":"no question"}]}""", "messages")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", "model")]
    public async Task A_request_without_what_it_needs_gets_400_naming_the_field(string body, string field)
    {
        using var response = await PostAsync(new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal(("invalid_request_error", field), ((string?)error["type"], (string?)error["param"]));
    }

    [Fact]
    public async Task An_oversized_body_gets_413_malformed_json_400_and_a_body_that_is_not_json_415()
    {
        var huge = new string('x', 2 * 1024 * 1024);
        using var tooLarge = await PostAsync(JsonContent.Create(new { model = "hermes", messages = new[] { new { role = "user", content = huge } } }));
        using var malformed = await PostAsync(new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        using var form = await PostAsync(new StringContent("model=hermes", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("request_too_large", (string?)(await ErrorOf(tooLarge))["code"]);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("invalid_request_error", (string?)(await ErrorOf(malformed))["type"]);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Equal("invalid_request_error", (string?)(await ErrorOf(form))["type"]);
    }

    [Fact]
    public async Task A_conversation_header_chooses_the_session_and_a_failed_turn_is_a_502_with_the_models_error()
    {
        _models.Script("primary", _ => new ScriptedAnswer.Error(400, "primary is not a valid model ID"));
        var conversation = $"header-{Guid.NewGuid():N}";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_api.BaseUrl}/chat/completions")
        {
            Content = JsonContent.Create(new { model = "hermes", messages = new[] { new { role = "user", content = "hi" } } }),
        };
        request.Headers.Add("X-Hermes-Conversation", conversation);

        using var response = await Http().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("model_unavailable", (string?)error["code"]);
        Assert.Contains("primary is not a valid model ID", (string?)error["message"]);
        await using var frontEnd = await FrontEnd.StartAsync([_silo]);
        var session = frontEnd.Client.GetSessionGrain(SessionKey.ForDm("api", $"{ApiHost.KeyHolder}/{conversation}"));
        Assert.Equal(TurnOutcome.Failed, (await session.GetSnapshotAsync()).LastTurn?.Outcome);
    }

    private OpenAIClient OpenAi(string key) => new(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = _api.BaseUrl });

    private HttpClient Http()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiHost.Key);
        return http;
    }

    private async Task<HttpResponseMessage> PostAsync(HttpContent content) => await Http().PostAsync($"{_api.BaseUrl}/chat/completions", content);

    private static JsonObject ErrorOf(ClientResultException exception) =>
        JsonNode.Parse(exception.GetRawResponse()!.Content.ToString())!["error"]!.AsObject();

    private static async Task<JsonObject> ErrorOf(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.AsObject();
}
