using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Hermes.Contracts.Pushes;

/// <summary>
/// The durable outbox of one front-end destination (<see cref="PushDestination"/>): replies wait here until a front-end
/// replica leases them, delivers them and acknowledges them. A lease that runs out (its replica died) makes its replies
/// available again, so delivery is at least once; an id already queued or acknowledged is not queued again.
/// </summary>
[Alias("hermes.IPushOutboxGrain")]
public interface IPushOutboxGrain : IGrainWithStringKey
{
    /// <summary>Queues a reply; false when its id was queued or delivered before.</summary>
    [Alias("Enqueue")]
    Task<bool> EnqueueAsync(PushedReply reply);

    /// <summary>
    /// Leases up to <paramref name="max"/> waiting replies to <paramref name="replica"/> for <paramref name="lease"/>,
    /// waiting up to <paramref name="wait"/> for one to arrive when none is waiting (a long poll).
    /// </summary>
    [Alias("Lease"), AlwaysInterleave]
    Task<ImmutableArray<PushedReply>> LeaseAsync(string replica, int max, TimeSpan lease, TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>Marks replies delivered; they are not leased again.</summary>
    [Alias("Acknowledge"), AlwaysInterleave]
    Task AcknowledgeAsync(string replica, ImmutableArray<string> ids);

    /// <summary>Replies waiting for delivery, leased or not, oldest first.</summary>
    [Alias("Peek"), AlwaysInterleave]
    Task<ImmutableArray<PushedReply>> PeekAsync();
}
