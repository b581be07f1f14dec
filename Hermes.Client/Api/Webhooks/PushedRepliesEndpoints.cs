using System.Collections.Immutable;
using System.Security.Claims;
using Hermes.Client.Pushes;
using Hermes.Contracts.Pushes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hermes.Client.Api.Webhooks;

/// <summary>
/// Replies nobody waited for, for the API: <c>GET /v1/hermes/replies</c> lists the caller's undelivered ones (oldest
/// first) and <c>POST /v1/hermes/replies/ack</c> with <c>{"ids":[…]}</c> marks them read; a key with a webhook gets them
/// posted instead (<see cref="WebhookDelivery"/>).
/// </summary>
public static class PushedRepliesEndpoints
{
    public static IServiceCollection AddApiWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Configure(options => configuration.GetSection(WebhookOptions.SectionName).Bind(options.Targets));
        services.AddHttpClient(WebhookDelivery.HttpClientName);
        services.AddHostedService<WebhookDelivery>();
        return services;
    }

    /// <param name="v1">The API's authorised <c>/v1</c> group.</param>
    public static RouteGroupBuilder MapPushedReplies(this RouteGroupBuilder v1)
    {
        v1.MapGet("/hermes/replies", async (HttpContext context, IClusterClient cluster) =>
            Results.Json(new { data = (await Outbox(cluster, context).PeekAsync()).Select(PushedReplyBody.From) }));
        v1.MapPost("/hermes/replies/ack", async (HttpContext context, IClusterClient cluster, PushDrain drain, AcknowledgeRequest request) =>
        {
            if (request.Ids is not { Length: > 0 } ids)
            {
                return Results.BadRequest(new { error = new { message = "'ids' must list the ids of the replies read.", type = "invalid_request_error", param = "ids" } });
            }

            await Outbox(cluster, context).AcknowledgeAsync(drain.Replica, [.. ids]);
            return Results.NoContent();
        });
        return v1;
    }

    private static IPushOutboxGrain Outbox(IClusterClient cluster, HttpContext context) =>
        cluster.GetGrain<IPushOutboxGrain>(PushDestination.ForApiKey(context.User.FindFirstValue(ClaimTypes.Name)!));
}
