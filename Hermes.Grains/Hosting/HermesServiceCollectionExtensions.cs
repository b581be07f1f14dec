using Hermes.Contracts.Access;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Access;
using Hermes.Grains.Agents;
using Hermes.Grains.Mcp;
using Hermes.Grains.Models;
using Hermes.Grains.Sessions;
using Hermes.Grains.Telemetry;
using Hermes.ServiceDefaults.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using Polly;

namespace Hermes.Grains.Hosting;

public static class HermesServiceCollectionExtensions
{
    /// <summary>
    /// Registers what session grains need: options bound from <paramref name="configuration"/>, the model client with its
    /// retry policy, the agent factory and the MCP connection pool. A host registers its own replacements first
    /// (for example another <see cref="IModelClientFactory"/>) and they are kept.
    /// </summary>
    public static IServiceCollection AddHermesSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ModelOptions>()
            .Bind(configuration.GetSection(ModelOptions.SectionName))
            .PostConfigure(options => options.ApiKey = string.IsNullOrWhiteSpace(options.ApiKey)
                ? Environment.GetEnvironmentVariable(ModelOptions.ApiKeyEnvironmentVariable)
                : options.ApiKey)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<AgentOptions>()
            .Bind(configuration.GetSection(AgentOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<McpOptions>()
            .Bind(configuration.GetSection(McpOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<McpOptions>>(new McpOptionsValidator(configuration.GetSection(McpOptions.SectionName)));
        services.AddOptions<PairingOptions>()
            .Bind(configuration.GetSection(PairingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<SessionOptions>()
            .Bind(configuration.GetSection(SessionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SessionOptions>, SessionOptionsValidator>();

        // Session state is stored with the Orleans serializer, whatever the provider: members are read by [Id], so state
        // written before a member existed still reads, and type aliases survive renames (the JSON default does neither).
        services.AddKeyedSingleton<IGrainStorageSerializer>(
            SessionStorage.ProviderName,
            (provider, _) => new OrleansGrainStorageSerializer(provider.GetRequiredService<Serializer>()));

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HermesMetrics>();

        // The silo's model clients live as long as the silo (SharedModelClients), so connections are recycled by the socket
        // handler itself, which keeps DNS changes of the model endpoint visible, rather than by rotating handlers.
        services.AddHttpClient(OpenAIModelClientFactory.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("model-retry", ConfigureModelRetries);
        services.TryAddSingleton<IModelClientFactory, OpenAIModelClientFactory>();
        services.TryAddSingleton<SharedModelClients>();
        services.AddSecretRedactor(configuration);
        services.TryAddSingleton<IAgentFactory, AgentFactory>();

        services.TryAddSingleton<McpConnectionPool>();
        services.TryAddSingleton<IMcpConnectionPool>(provider => provider.GetRequiredService<McpConnectionPool>());
        services.AddHostedService<McpPoolLifetime>();
        return services;
    }

    // Transient model errors (429, 5xx, timeouts, refused connections) are retried here and only here, with jittered
    // exponential backoff that honours Retry-After; each attempt has its own timeout.
    private static void ConfigureModelRetries(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        context.EnableReloads<ModelOptions>();
        var options = context.ServiceProvider.GetRequiredService<IOptionsMonitor<ModelOptions>>().CurrentValue;
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
            });
        }

        pipeline.AddTimeout(options.RequestTimeout);
    }
}
