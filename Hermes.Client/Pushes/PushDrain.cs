using System.Collections.Immutable;
using Hermes.Client.FrontDoor;
using Hermes.Contracts.Pushes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hermes.Client.Pushes;

/// <summary>
/// Delivers a destination's pushed replies for one front-end replica: leases them from the outbox grain (a long poll),
/// hands each to the front-end and acknowledges those it delivered. A reply whose delivery fails stays leased until the
/// lease runs out and is tried again then, by this replica or another; replies waiting while no replica ran are
/// delivered when one starts.
/// </summary>
public sealed partial class PushDrain(IClusterClient cluster, IOptionsMonitor<PushOptions> options, TimeProvider time, ILogger<PushDrain> logger)
{
    /// <summary>This replica, as outboxes know it.</summary>
    public string Replica { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Drains <paramref name="destination"/> until <paramref name="stoppingToken"/> is cancelled.</summary>
    public async Task RunAsync(string destination, Func<PushedReply, CancellationToken, Task> deliver, CancellationToken stoppingToken)
    {
        var outbox = cluster.GetGrain<IPushOutboxGrain>(destination);
        while (!stoppingToken.IsCancellationRequested)
        {
            var settings = options.CurrentValue;
            try
            {
                var replies = await outbox.LeaseAsync(Replica, settings.BatchSize, settings.Lease, settings.PollWait, stoppingToken);
                var delivered = ImmutableArray.CreateBuilder<string>();
                try
                {
                    foreach (var reply in replies)
                    {
                        await deliver(reply, stoppingToken);
                        delivered.Add(reply.Id);
                    }
                }
                finally
                {
                    if (delivered.Count > 0)
                    {
                        await outbox.AcknowledgeAsync(Replica, delivered.ToImmutable());
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The cluster is away or the platform refused: the outbox keeps the replies, so wait and ask again.
                LogDrainFailed(exception, destination, ClusterFault.IsTransient(exception));
                try
                {
                    await Task.Delay(settings.RetryDelay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering pushed replies to {Destination} failed (cluster fault: {ClusterFault}); trying again")]
    private partial void LogDrainFailed(Exception exception, string destination, bool clusterFault);
}
