using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
            // A timeout is a fault of the cluster too, but the call may still be running: it is not retried here.
            ShouldHandle = new PredicateBuilder().Handle<Exception>(exception => ClusterFault.IsTransient(exception) && exception is not TimeoutException),
        });
    }
}
