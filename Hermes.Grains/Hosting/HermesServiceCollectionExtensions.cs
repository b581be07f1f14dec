using Hermes.Contracts.Access;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Access;
using Hermes.Grains.Agents;
using Hermes.Grains.Approvals;
using Hermes.Grains.Budgets;
using Hermes.Grains.Compaction;
using Hermes.Grains.Mcp;
using Hermes.Grains.Models;
using Hermes.Grains.Pushes;
using Hermes.Grains.Schedules;
using Hermes.Grains.Sessions;
using Hermes.Grains.Telemetry;
using Hermes.Grains.Watchdog;
using Hermes.ServiceDefaults.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hermes.Grains.Hosting;

public static class HermesServiceCollectionExtensions
{
    /// <summary>
    /// Registers what session grains need: options bound from <paramref name="configuration"/>, the model pipeline
    /// (<see cref="ModelPipeline"/>), the agent factory and the MCP connection pool. A host registers its own replacements
    /// first (for example another <see cref="IModelClientFactory"/>) and they are kept.
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
        services.AddSingleton<IValidateOptions<ModelOptions>, ModelOptionsValidator>();
        services.AddOptions<AgentOptions>()
            .Bind(configuration.GetSection(AgentOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<CompactionOptions>()
            .Bind(configuration.GetSection(CompactionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<BudgetOptions>().Bind(configuration.GetSection(BudgetOptions.SectionName));
        services.AddOptions<WatchdogOptions>().Bind(configuration.GetSection(WatchdogOptions.SectionName));
        services.TryAddSingleton<SessionCompaction>();
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
        services.AddOptions<ApprovalOptions>()
            .Bind(configuration.GetSection(ApprovalOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<ApprovalMetrics>();
        services.TryAddSingleton<ApprovalServices>();
        services.AddOptions<ScheduleOptions>()
            .Bind(configuration.GetSection(ScheduleOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScheduleOptions>, ScheduleOptionsValidator>();

        // Session state is stored with the Orleans serializer, whatever the provider: members are read by [Id], so state
        // written before a member existed still reads, and type aliases survive renames (the JSON default does neither).
        services.AddKeyedSingleton<IGrainStorageSerializer>(
            SessionStorage.ProviderName,
            (provider, _) => new OrleansGrainStorageSerializer(provider.GetRequiredService<Serializer>()));

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HermesMetrics>();
        services.TryAddSingleton<ScheduleMetrics>();
        services.TryAddSingleton<PushMetrics>();

        services.AddModelPipeline();
        services.AddSecretRedactor(configuration);
        services.TryAddSingleton<IAgentFactory, AgentFactory>();

        services.TryAddSingleton<McpConnectionPool>();
        services.TryAddSingleton<IMcpConnectionPool>(provider => provider.GetRequiredService<McpConnectionPool>());
        services.AddHostedService<McpPoolLifetime>();
        return services;
    }
}
