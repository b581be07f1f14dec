using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Hermes.Contracts.Sessions;
using Hermes.Tests.Infrastructure;
using OpenAI;
using System.ClientModel;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.FrontEnds;

/// <summary>
/// One silo with a model chain (<c>primary</c>, then <c>backup</c>) and server-everything's tools, the real API host in
/// front of it (configured with the same chain) and a front-end client for reading sessions, shared by a test class.
/// The primary answers "re: {message}"; a message holding <see cref="FallbackMarker"/> makes it fail so that the backup
/// answers "backup: {message}"; one holding <see cref="BrokenMarker"/> makes both fail; one holding
/// <see cref="ToolMarker"/> makes the primary call <c>echo</c> first.
/// </summary>
public sealed class OpenAiSurfaceFixture : IAsyncLifetime
{
    public const string FallbackMarker = "[fallback]";
    public const string ToolMarker = "[tool]";
    public const string BrokenMarker = "[broken]";

    public ScriptedModelServer Models { get; private set; } = null!;

    public TestSilo Silo { get; private set; } = null!;

    public ApiHost Api { get; private set; } = null!;

    private FrontEnd _reader = null!;

    public async Task InitializeAsync()
    {
        Models = await ScriptedModelServer.StartAsync();
        Models.Script("primary", request => request switch
        {
            { LastToolResult: { } result } => new ScriptedAnswer.Text($"tool said: {result}"),
            { LastUserText: { } text } when text.Contains(FallbackMarker, StringComparison.Ordinal) || text.Contains(BrokenMarker, StringComparison.Ordinal) => new ScriptedAnswer.Error(404, "The model 'primary' does not exist.", Code: "model_not_found"),
            { LastUserText: { } text } when text.Contains(ToolMarker, StringComparison.Ordinal) => new ScriptedAnswer.ToolCall("mcp__everything__echo", """{"message":"ping"}"""),
            _ => new ScriptedAnswer.Text($"re: {request.LastUserText}", TimeSpan.FromMilliseconds(2)),
        });
        Models.Script("backup", request => request.LastUserText?.Contains(BrokenMarker, StringComparison.Ordinal) == true
            ? new ScriptedAnswer.Error(404, "The model 'backup' does not exist.", Code: "model_not_found")
            : new ScriptedAnswer.Text($"backup: {request.LastUserText}"));
        Silo = await TestSilo.StartAsync([.. ModelSettings(Models, "primary", "backup"), .. McpServers.Everything("everything", Guid.NewGuid().ToString("N"))]);
        Api = await ApiHost.StartAsync(Silo, ("Hermes:Model:Primary", "primary"), ("Hermes:Model:Fallbacks:0", "backup"));
        _reader = await FrontEnd.StartAsync([Silo]);
    }

    /// <summary>The session behind a conversation of <see cref="ApiHost.KeyHolder"/>.</summary>
    public ISessionGrain Session(string conversation) => _reader.Client.GetSessionGrain(SessionKey.ForDm("api", $"{ApiHost.KeyHolder}/{conversation}"));

    public OpenAIClient OpenAi() => new(new ApiKeyCredential(ApiHost.Key), new OpenAIClientOptions { Endpoint = Api.BaseUrl });

    public HttpClient Http()
    {
        var http = new HttpClient { BaseAddress = new Uri($"{Api.BaseUrl}/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiHost.Key);
        return http;
    }

    /// <summary>The model requests whose last user message is <paramref name="text"/>.</summary>
    public IReadOnlyList<ScriptedRequest> RequestsAnswering(string text) => [.. Models.Requests.Where(request => request.LastUserText == text)];

    /// <summary>The texts of the user and assistant messages a model request carried, in order.</summary>
    public static IReadOnlyList<string> Conversation(ScriptedRequest request) => [.. request.Messages.OfType<JsonObject>()
        .Where(message => (string?)message["role"] is "user" or "assistant")
        .Select(message => message["content"] is JsonValue value ? (string?)value ?? string.Empty : string.Concat(message["content"]!.AsArray().Select(part => (string?)part?["text"])))];

    public async Task DisposeAsync()
    {
        await _reader.DisposeAsync();
        await Api.DisposeAsync();
        await Silo.DisposeAsync();
        await Models.DisposeAsync();
    }
}
