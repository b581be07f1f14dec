using System.Net.Http.Headers;
using System.Text.Json;
using Hermes.Client.Pushes;
using Hermes.Contracts.Pushes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hermes.Client.Api.Webhooks;

/// <summary>
/// Posts each API key holder's pushed replies to its webhook, signed (<see cref="WebhookSignature"/>). A reply is
/// acknowledged once the receiver answers 2xx; any other answer leaves it in the outbox, tried again after the lease.
/// Keys without a webhook keep their replies for <c>GET /v1/hermes/replies</c>.
/// </summary>
public sealed class WebhookDelivery(IHttpClientFactory http, PushDrain drain, IOptions<WebhookOptions> options) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        options.Value.Targets
            .Where(target => target.Value.Url is not null)
            .Select(target => drain.RunAsync(PushDestination.ForApiKey(target.Key), (reply, token) => PostAsync(target.Value, reply, token), stoppingToken)));

    private async Task PostAsync(WebhookTarget target, PushedReply reply, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(PushedReplyBody.From(reply));
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = content };
        if (target.Secret is { Length: > 0 } secret)
        {
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(secret, body));
        }

        using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
