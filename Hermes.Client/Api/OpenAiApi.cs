using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hermes.Client.Api.Chats;
using Hermes.Client.Api.Contracts;
using Hermes.Client.Api.Errors;
using Hermes.Client.Api.Limits;
using Hermes.Client.Api.Models;
using Hermes.Client.Api.Responses;
using Hermes.Client.Api.Retries;
using Hermes.Client.Api.Webhooks;
using Hermes.Client.FrontDoor;
using Hermes.ServiceDefaults.Configuration;
using Hermes.ServiceDefaults.Logging;
using Hermes.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hermes.Client.Api;

/// <summary><c>hermes api</c>: an OpenAI-compatible HTTP API in front of the sessions, as a web host.</summary>
public static class OpenAiApi
{
    public const string ServiceName = "hermes-api";

    // Short keys can be guessed.
    private const int MinimumKeyLength = 16;

    private static readonly Dictionary<string, string?> ClusterWaitDefaults = new()
    {
        [$"{HermesClientOptions.SectionName}:{nameof(HermesClientOptions.Retries)}"] = "2",
        [$"{HermesClientOptions.SectionName}:{nameof(HermesClientOptions.RetryDelay)}"] = "00:00:00.500",
    };

    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Under every other source, so configuration still wins: the API waits for an unreachable cluster briefly
        // (about 2 s) and answers 503, which OpenAI client libraries retry on their own, safely (RetryRecognizer).
        builder.Configuration.AddBeneath(ClusterWaitDefaults);
        var api = builder.Configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>() ?? new ApiOptions();
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(api.Urls);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = api.MaxRequestBytes;
            RequestHeaderLimits.ConfigureServer(kestrel.Limits, api);

            // Header values in UTF-8 (a conversation named in any language) rather than a bare 400 for any non-ASCII byte.
            kestrel.RequestHeaderEncodingSelector = _ => Encoding.UTF8;
        });
        builder.AddHermesLogging();
        builder.AddHermesOpenTelemetry(ServiceName);
        builder.AddHermesClient();
        builder.Services.AddOptions<ApiOptions>()
            .Bind(builder.Configuration.GetSection(ApiOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(options => options.Keys.Count > 0, "The API needs at least one key: set Hermes:Api:Keys:<name> (environment variable Hermes__Api__Keys__<name>).")
            .Validate(
                options => options.Keys.Values.All(key => key.Trim().Length >= MinimumKeyLength),
                $"Every key in Hermes:Api:Keys must have at least {MinimumKeyLength} characters.")
            .ValidateOnStart();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null);
        builder.Services.AddAuthorization();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RetryRecognizer>();
        builder.Services.AddSingleton<ChatCompletionsEndpoint>();
        builder.Services.AddSingleton<ModelCatalog>();
        builder.Services.AddSingleton<ChatConversations>();
        builder.Services.AddSingleton<ResponseChains>();
        builder.Services.AddSingleton<ResponsesEndpoint>();
        builder.Services.AddApiWebhooks(builder.Configuration);
        builder.Services.AddExceptionHandler<OpenAiExceptionHandler>();
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();

        // Whatever goes wrong, the answer is in OpenAI's shape: exceptions, and statuses set without a body (404, 405 …).
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = context => ApiErrorResponses.Internal().ExecuteAsync(context) });
        app.UseStatusCodePages(context => ApiErrorResponses.ForStatus(context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext));
        app.UseMiddleware<RequestHeaderLimits>();
        app.UseAuthentication();
        app.UseAuthorization();
        var v1 = app.MapGroup("/v1").RequireAuthorization();
        v1.MapGet("/models", (ModelCatalog catalog) =>
            Results.Json(new ModelList("list", [.. catalog.Models.Select(model => new ModelEntry(model, "model", 0, "hermes"))])));
        v1.MapPost("/chat/completions", (HttpContext context, ChatCompletionsEndpoint endpoint) => endpoint.HandleAsync(context));
        v1.MapPost("/responses", (HttpContext context, ResponsesEndpoint endpoint) => endpoint.CreateAsync(context));
        v1.MapGet("/responses/{id}", (HttpContext context, string id, ResponsesEndpoint endpoint) => endpoint.GetAsync(context, id));
        v1.MapDelete("/responses/{id}", (HttpContext context, string id, ResponsesEndpoint endpoint) => endpoint.DeleteAsync(context, id));
        v1.MapGet("/responses/{id}/input_items", (HttpContext context, string id, ResponsesEndpoint endpoint) => endpoint.InputItemsAsync(context, id));
        v1.MapPushedReplies();
        return app;
    }
}
