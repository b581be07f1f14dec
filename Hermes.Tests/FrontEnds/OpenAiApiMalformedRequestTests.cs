using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Hermes.Tests.Infrastructure;

namespace Hermes.Tests.FrontEnds;

/// <summary>
/// Malformed, oversized and hostile requests against the real API host: each gets a 4xx with an OpenAI-shaped body
/// that names the problem (and the field in <c>param</c>), never a 500 or an empty body, and the API serves a normal
/// request right after.
/// </summary>
public sealed class OpenAiApiMalformedRequestTests(ApiClusterFixture fixture) : IClassFixture<ApiClusterFixture>
{
    private const string Json = "application/json";

    private static readonly Dictionary<string, MalformedRequest> Requests = new MalformedRequest[]
    {
        // The cases found from outside (issue 18).
        new("text part is a number", Body("""{"model":"hermes","messages":[{"role":"user","content":[{"type":"text","text":5}]}]}"""), 400, "messages[0].content"),
        new("part type is a number", Body("""{"model":"hermes","messages":[{"role":"user","content":[{"type":5,"text":"x"}]}]}"""), 400, "messages[0].content"),
        new("invalid UTF-8 in content", [.. Body("""{"model":"hermes","messages":[{"role":"user","content":"ab"""), 0xFF, 0xFE, 0xC3, .. Body("""cd"}]}""")], 400, "messages[0].content"),
        new("escaped lone surrogate", Body("""{"model":"hermes","messages":[{"role":"user","content":"\ud800"}]}"""), 400, "messages[0].content"),
        new("bogus charset", Hello(), 415, null, ContentType: "application/json; charset=bogus"),
        new("whitespace-only content", Body("""{"model":"hermes","messages":[{"role":"user","content":"   "}]}"""), 400, "messages[0].content"),
        new("whitespace-only text parts", Body("""{"model":"hermes","messages":[{"role":"user","content":[{"type":"text","text":" \n\t"}]}]}"""), 400, "messages[0].content"),
        new("40 kB header", Hello(), 431, null, Header: ("X-Padding", new string('a', 40_000))),

        // The classes they stand for: wrong JSON types, unknown or missing fields, bodies that are not a request.
        new("model is a number", Body("""{"model":5,"messages":[{"role":"user","content":"hi"}]}"""), 400, "model"),
        new("messages is an object", Body("""{"model":"hermes","messages":{"role":"user","content":"hi"}}"""), 400, "messages"),
        new("message is null", Body("""{"model":"hermes","messages":[null]}"""), 400, "messages[0]"),
        new("message is a string", Body("""{"model":"hermes","messages":["hi"]}"""), 400, "messages[0]"),
        new("role is unknown", Body("""{"model":"hermes","messages":[{"role":"wizard","content":"hi"}]}"""), 400, "messages[0].role"),
        new("role is missing", Body("""{"model":"hermes","messages":[{"content":"hi"}]}"""), 400, "messages[0].role"),
        new("role is a number", Body("""{"model":"hermes","messages":[{"role":1,"content":"hi"}]}"""), 400, "messages[0].role"),
        new("last user message has no content", Body("""{"model":"hermes","messages":[{"role":"user"}]}"""), 400, "messages[0].content"),
        new("last message is not the user's", Body("""{"model":"hermes","messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}"""), 400, "messages"),
        new("content is a number", Body("""{"model":"hermes","messages":[{"role":"user","content":42}]}"""), 400, "messages[0].content"),
        new("content part is a string", Body("""{"model":"hermes","messages":[{"role":"user","content":["hi"]}]}"""), 400, "messages[0].content"),
        new("text part without text", Body("""{"model":"hermes","messages":[{"role":"user","content":[{"type":"text"}]}]}"""), 400, "messages[0].content"),
        new("image part", Body("""{"model":"hermes","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"http://x"}}]}]}"""), 400, "messages[0].content[0].type"),
        new("stream is a string", Body("""{"model":"hermes","stream":"yes","messages":[{"role":"user","content":"hi"}]}"""), 400, "stream"),
        new("stream_options is a number", Body("""{"model":"hermes","stream_options":1,"messages":[{"role":"user","content":"hi"}]}"""), 400, "stream_options"),
        new("user is a number", Body("""{"model":"hermes","user":7,"messages":[{"role":"user","content":"hi"}]}"""), 400, "user"),
        new("body is an array", Body("[1,2]"), 400, null),
        new("body is a string", Body("\"hi\""), 400, null),
        new("body is null", Body("null"), 400, null),
        new("body is empty", [], 400, null),
        new("body is cut short", Body("""{"model":"hermes","messages":[{"role":"us"""), 400, "messages[0].role"),
        new("nesting too deep", Body($$"""{"model":"hermes","extra":{{new string('[', 200)}}{{new string(']', 200)}},"messages":[{"role":"user","content":"hi"}]}"""), 400, "extra"),
        new("body too large", Body($$"""{"model":"hermes","messages":[{"role":"user","content":"{{new string('x', 2 * 1024 * 1024)}}"}]}"""), 413, null),
        new("not JSON", Body("model=hermes"), 415, null, ContentType: "application/x-www-form-urlencoded"),
        new("no content type", Hello(), 415, null, ContentType: null),
        new("conversation name too long", Hello(), 400, null, Header: ("X-Hermes-Conversation", new string('c', 300))),
        new("idempotency key too long", Hello(), 400, null, Header: ("Idempotency-Key", new string('k', 300))),
        new("user too long", Body($$"""{"model":"hermes","user":"{{new string('u', 300)}}","messages":[{"role":"user","content":"hi"}]}"""), 400, "user"),
        new("unknown model", Body("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}"""), 404, "model"),
        new("unknown path", Hello(), 404, null, Path: "/nothing"),
        new("wrong method", [], 405, null, Method: "GET"),
        new("URL too long", Hello(), 414, null, Path: $"/chat/completions?{new string('q', 10_000)}"),
    }.ToDictionary(request => request.Name);

    public static TheoryData<string> Cases => [.. Requests.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_malformed_request_gets_a_4xx_in_openai_shape_naming_the_problem_and_the_api_goes_on(string name)
    {
        var malformed = Requests[name];

        using var response = await Http().SendAsync(malformed.ToHttpRequest(fixture.Api.BaseUrl));

        Assert.Equal(malformed.Status, (int)response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var error = Assert.IsType<JsonObject>(Assert.Single(body).Value);
        Assert.Equal(["message", "type", "param", "code"], error.Select(member => member.Key));
        Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)error["type"]));
        Assert.Equal(malformed.Param, (string?)error["param"]);
        await AssertServedAsync();
    }

    [Theory]
    [InlineData("utf-8", 200)]
    [InlineData("latin1", 400)]
    public async Task A_conversation_named_outside_ascii_is_served_in_utf8_and_refused_in_openai_shape_otherwise(string encoding, int status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{fixture.Api.BaseUrl}/chat/completions") { Content = new ByteArrayContent(Hello()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(Json);
        request.Headers.TryAddWithoutValidation("X-Hermes-Conversation", "voyage à Lyon ☀");
        using var http = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.GetEncoding(encoding) });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiHost.Key);

        using var response = await http.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject()[status == 200 ? "choices" : "error"]);
    }

    [Fact]
    public async Task Whitespace_only_content_never_reaches_the_session()
    {
        var conversation = $"blank-{Guid.NewGuid():N}";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{fixture.Api.BaseUrl}/chat/completions")
        {
            Content = new ByteArrayContent(Body("""{"model":"hermes","messages":[{"role":"user","content":"   "}]}""")),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(Json);
        request.Headers.Add("X-Hermes-Conversation", conversation);

        using var response = await Http().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var snapshot = await fixture.Session(conversation).GetSnapshotAsync();
        Assert.Equal((0, 0), (snapshot.TurnCount, snapshot.TranscriptLength));
    }

    private async Task AssertServedAsync()
    {
        var text = $"still here {Guid.NewGuid():N}";
        using var response = await Http().PostAsJsonAsync($"{fixture.Api.BaseUrl}/chat/completions", new { model = "hermes", user = $"after-{Guid.NewGuid():N}", messages = new[] { new { role = "user", content = text } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"re: {text}", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["choices"]![0]!["message"]!["content"]);
    }

    private static HttpClient Http()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiHost.Key);
        return http;
    }

    private static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);

    private static byte[] Hello() => Body("""{"model":"hermes","messages":[{"role":"user","content":"hi"}]}""");
}
