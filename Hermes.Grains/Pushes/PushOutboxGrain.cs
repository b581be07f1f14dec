using System.Collections.Immutable;
using Hermes.Contracts.Pushes;
using Hermes.Grains.Sessions;
using Orleans.Concurrency;

namespace Hermes.Grains.Pushes;

/// <summary>
/// The durable outbox of one front-end destination. Replies are stored before <see cref="EnqueueAsync"/> returns, so a
/// front-end that is down finds them when it starts. Replicas of a front-end lease replies (a long poll), deliver and
/// acknowledge them; a replica that dies holding a lease loses it when it runs out, and another delivers the reply.
/// </summary>
/// <remarks>
/// Leases live in memory: an outbox that moves to another silo forgets them, so a reply being sent right then may be
/// sent twice. That is the at-least-once of the design; the acknowledged ids keep everything else to once.
/// </remarks>
[GrainType("push-outbox")]
[Reentrant]
public sealed class PushOutboxGrain(
    [PersistentState("outbox", SessionStorage.ProviderName)] IPersistentState<PushOutboxState> state,
    PushMetrics metrics,
    TimeProvider time) : Grain, IPushOutboxGrain
{
    /// <summary>Delivered ids remembered: a retried turn re-queues its reply within seconds or minutes.</summary>
    public const int DeliveredKept = 500;

    private readonly Dictionary<string, (string Replica, DateTimeOffset Until)> _leases = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writing = new(1, 1);
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PushOutboxState State => state.State;

    public async Task<bool> EnqueueAsync(PushedReply reply)
    {
        if (State.Waiting.Exists(waiting => waiting.Id == reply.Id) || State.Delivered.Contains(reply.Id))
        {
            return false;
        }

        State.Waiting.Add(reply);
        await WriteAsync();
        metrics.Queued();
        var arrived = _arrived;
        _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        arrived.TrySetResult();
        return true;
    }

    public async Task<ImmutableArray<PushedReply>> LeaseAsync(string replica, int max, TimeSpan lease, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var now = time.GetUtcNow();
            var leased = State.Waiting.Where(reply => Available(reply.Id, now)).Take(max).ToImmutableArray();
            if (!leased.IsEmpty || now >= deadline)
            {
                foreach (var reply in leased)
                {
                    _leases[reply.Id] = (replica, now + lease);
                }

                return leased;
            }

            try
            {
                // Wake on a new reply, or when the wait (or the soonest lease) runs out.
                await _arrived.Task.WaitAsync(Soonest(deadline) - now + TimeSpan.FromMilliseconds(1), time, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Look again: a lease may have run out, or the wait is over.
            }
            catch (OperationCanceledException)
            {
                return [];
            }
        }
    }

    public async Task AcknowledgeAsync(string replica, ImmutableArray<string> ids)
    {
        var delivered = State.Waiting.RemoveAll(reply => ids.Contains(reply.Id));
        foreach (var id in ids)
        {
            _leases.Remove(id);
            if (!State.Delivered.Contains(id))
            {
                State.Delivered.Add(id);
            }
        }

        if (State.Delivered.Count > DeliveredKept)
        {
            State.Delivered.RemoveRange(0, State.Delivered.Count - DeliveredKept);
        }

        await WriteAsync();
        metrics.Delivered(delivered);
    }

    public Task<ImmutableArray<PushedReply>> PeekAsync() => Task.FromResult(State.Waiting.ToImmutableArray());

    private bool Available(string id, DateTimeOffset now)
    {
        if (!_leases.TryGetValue(id, out var lease))
        {
            return true;
        }

        if (lease.Until > now)
        {
            return false;
        }

        _leases.Remove(id);
        metrics.LeaseExpired();
        return true;
    }

    private DateTimeOffset Soonest(DateTimeOffset deadline)
    {
        var soonest = deadline;
        foreach (var (_, until) in _leases.Values)
        {
            soonest = until < soonest ? until : soonest;
        }

        return soonest;
    }

    private async Task WriteAsync()
    {
        await _writing.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _writing.Release();
        }
    }
}
