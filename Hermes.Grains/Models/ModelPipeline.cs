using System.Collections.Immutable;
using Hermes.ServiceDefaults.Secrets;
using Hermes.ServiceDefaults.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Hermes.Grains.Models;

/// <summary>
/// The model pipeline, declared here and nowhere else. What one turn's model call passes through, outermost first:
/// <list type="number">
/// <item>per agent (<see cref="ForAgent"/>): the tool loop, then the model chain (failover in a fixed order, sticky
/// within a turn; the turn's position travels in the call's options, see <see cref="ModelTurnLog"/>);</item>
/// <item>per model, shared by the silo's agents (<see cref="ForModel"/>, kept by <see cref="SharedModelClients"/>):
/// OpenTelemetry, then the stream guard, then the provider's client (<see cref="IModelClientFactory"/>);</item>
/// <item>per HTTP request, under either provider's SDK (<see cref="AddModelPipeline"/>): the provider's retries of
/// transient errors honouring Retry-After, its per-attempt timeout, then its credential pool (<see cref="CredentialHandler"/>:
/// the key, parked on 401/403, rested on 429 until the announced reset). Retries happen there and only there (the SDKs'
/// own are off). The handler chain is one, its retry policy picked per provider by the request's provider name.</item>
/// </list>
/// </summary>
public static class ModelPipeline
{
    /// <summary>
    /// Registers the model clients: the provider's HTTP client with its retries, the provider (unless the host registered
    /// its own <see cref="IModelClientFactory"/> first) and the silo's shared per-model clients.
    /// </summary>
    public static IServiceCollection AddModelPipeline(this IServiceCollection services)
    {
        // The silo's model clients live as long as the silo (SharedModelClients), so connections are recycled by the socket
        // handler itself, which keeps DNS changes of the model endpoint visible, rather than by rotating handlers.
        services.TryAddSingleton<ModelCatalogMonitor>();
        services.TryAddSingleton<CredentialPools>();
        services.TryAddTransient<CredentialHandler>();
        services.AddHttpClient(ProviderModelClientFactory.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("model-retry", ConfigureRetries)
            .SelectPipelineBy(_ => request => request.Options.TryGetValue(CredentialHandler.ProviderOption, out var provider) ? provider : string.Empty);
        services.AddHttpClient(ProviderModelClientFactory.HttpClientName).AddHttpMessageHandler<CredentialHandler>();
        services.TryAddSingleton<IModelClientFactory, ProviderModelClientFactory>();
        services.TryAddSingleton<SharedModelClients>();
        return services;
    }

    /// <summary>What every call to one model goes through, around the provider's client for that model.</summary>
    /// <remarks>
    /// Each model call becomes a GenAI span (with duration and token metrics) of its own, so that a fallback shows as a
    /// failed call followed by a successful one; message contents stay out of the telemetry. The stream guard sits
    /// inside the span, so a streamed error fails the span too.
    /// </remarks>
    public static IChatClient ForModel(IChatClient provider) => provider.AsBuilder()
        .UseOpenTelemetry(sourceName: HermesTelemetry.GenAISourceName)
        .UseStreamGuard()
        .Build();

    /// <summary>One agent's pipeline over the session's models (primary first), each already built by <see cref="ForModel"/>.</summary>
    /// <remarks>
    /// Every call must carry its turn (<see cref="ModelTurnLog.AttachTo"/>). The tool loop logs tool names and durations
    /// at Debug; arguments and results only at Trace, which no shipped configuration turns on.
    /// The tool loop runs each call through <paramref name="functionInvoker"/> when one is given (the loop guard).
    /// </remarks>
    public static IChatClient ForAgent(
        ImmutableArray<ModelRoute> models,
        int maxIterations,
        ILoggerFactory loggerFactory,
        SecretRedactor redactor,
        Func<FunctionInvocationContext, CancellationToken, ValueTask<object?>>? functionInvoker = null) =>
        new ModelChainClient(models, redactor).AsBuilder()
            .UseFunctionInvocation(loggerFactory, toolLoop =>
            {
                toolLoop.MaximumIterationsPerRequest = maxIterations;
                toolLoop.FunctionInvoker = functionInvoker;
            })
            .Build();

    // Transient model errors (429, 5xx, timeouts, refused connections) are retried with jittered exponential backoff that
    // honours Retry-After; each attempt has its own timeout. One pipeline per provider (the instance name), with its settings.
    private static void ConfigureRetries(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        context.EnableReloads<ModelOptions>();
        var options = context.ServiceProvider.GetRequiredService<IOptionsMonitor<ModelOptions>>().CurrentValue;
        var provider = new ModelCatalog(options).Providers.GetValueOrDefault(context.InstanceName);
        var (maxRetries, baseDelay, maxDelay, timeout) = provider is null
            ? (options.MaxRetries, options.RetryBaseDelay, options.MaxRetryDelay, options.RequestTimeout)
            : (provider.MaxRetries, provider.RetryBaseDelay, provider.MaxRetryDelay, provider.RequestTimeout);
        if (maxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = maxRetries,
                Delay = baseDelay,
                MaxDelay = maxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
            });
        }

        pipeline.AddTimeout(timeout);
    }
}
