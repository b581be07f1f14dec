using Hermes.Contracts.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;
using Polly;
using Polly.DependencyInjection;
using Polly.Retry;

namespace Hermes.Client.FrontDoor;

/// <summary>
/// Retries calls that failed on a transient cluster error (gateway lost, silo restarting or crashed, a stale activation
/// refused by the storage, a session activation reloading or going away). Safe because every call carries its message id: a retried message never runs twice.
/// </summary>
public static class ClusterRetry
{
    public const string PipelineName = "hermes-cluster";

    public static void Configure(ResiliencePipelineBuilder pipeline, AddResiliencePipelineContext<string> context)
    {
        context.EnableReloads<HermesClientOptions>();
        var options = context.ServiceProvider.GetRequiredService<IOptionsMonitor<HermesClientOptions>>().CurrentValue;
        if (options.Retries == 0)
        {
            return;
        }

        pipeline.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = options.Retries,
            Delay = options.RetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = new PredicateBuilder()
                .Handle<SiloUnavailableException>()
                .Handle<OrleansMessageRejectionException>()
                .Handle<ConnectionFailedException>()
                .Handle<InconsistentStateException>()
                .Handle<SessionUnavailableException>(),
        });
    }
}
