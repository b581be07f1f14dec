using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hermes.Client.Api.Webhooks;
using Hermes.Contracts.Sessions;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Schedules;

/// <summary>The HTTP API's share of pushed replies: a signed webhook per API key, or an endpoint that keeps them readable.</summary>
public sealed class ApiPushTests : IAsyncLifetime
{
    private const string Secret = "webhook-secret-for-tests";

    private ScriptedModelServer _models = null!;
    private TestSilo _silo = null!;
    private FrontEnd _frontEnd = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _models = await ScriptedModelServer.StartAsync();
        _models.Script("primary", Scripts.Reply("here is your digest"));
        _silo = await TestSilo.StartAsync(ModelSettings(_models, "primary"));
        _frontEnd = await FrontEnd.StartAsync([_silo]);

        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _frontEnd.DisposeAsync();
        await _silo.DisposeAsync();
        await _models.DisposeAsync();
    }

    [Fact]
    public async Task A_scheduled_reply_is_posted_to_the_key_holders_webhook_with_a_signature_of_its_body()
    {
        await using var api = await ApiHost.StartAsync(
            _silo,
            ($"Hermes:Api:Webhooks:{ApiHost.KeyHolder}:Url", _receiver.Url),
            ($"Hermes:Api:Webhooks:{ApiHost.KeyHolder}:Secret", Secret));

        await Session("morning").SendAsync("/in 1s send my digest");
        await Poll.UntilAsync(() => !_receiver.Posted.IsEmpty, "the webhook's post");

        var (body, signature) = Assert.Single(_receiver.Posted);
        Assert.True(WebhookSignature.Verify(Secret, body, signature), signature);
        var reply = JsonSerializer.Deserialize<PushedReplyBody>(body)!;
        Assert.Equal(("morning", "here is your digest"), (reply.Conversation, reply.Text));
        Assert.StartsWith("schedule/s1/", reply.Id);
        using var client = Client(api);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("hermes/replies")).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Without_a_webhook_the_reply_waits_readable_until_the_caller_acknowledges_it()
    {
        await using var api = await ApiHost.StartAsync(_silo);
        using var client = Client(api);

        await Session("evening").SendAsync("/in 1s send my digest");
        JsonElement waiting = default;
        await Poll.UntilAsync(async () => (waiting = (await client.GetFromJsonAsync<JsonElement>("hermes/replies")).GetProperty("data")).GetArrayLength() == 1, "the waiting reply");
        var id = waiting[0].GetProperty("id").GetString();
        using var missingIds = await client.PostAsJsonAsync("hermes/replies/ack", new { });
        using var acknowledged = await client.PostAsJsonAsync("hermes/replies/ack", new { ids = new[] { id } });

        Assert.Equal("here is your digest", waiting[0].GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, missingIds.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, acknowledged.StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("hermes/replies")).GetProperty("data").EnumerateArray());
    }

    private ISessionGrain Session(string conversation) => _frontEnd.Client.GetSessionGrain(SessionKey.ForDm("api", $"{ApiHost.KeyHolder}/{conversation}"));

    private static HttpClient Client(ApiHost api)
    {
        var client = new HttpClient { BaseAddress = new Uri($"{api.BaseUrl}/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiHost.Key);
        return client;
    }
}
