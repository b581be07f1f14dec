using Hermes.Client.Api.Errors;
using Hermes.Client.Api.Requests;
using Microsoft.Extensions.Options;

namespace Hermes.Client.Api.Retries;

/// <summary>
/// Recognises a request that a client library sent again, so that one request runs at most one turn however the
/// client retries. A request is known by its <c>Idempotency-Key</c>, or else by a fingerprint (caller, conversation,
/// digest of the body). While a request runs, the same request joins it (it goes to the session under the same message
/// id, which the session runs once). For <see cref="ApiOptions.RetryWindow"/> after it ended without an answer, the
/// same request gets the same failure without reaching the session. After a success the fingerprint is forgotten: no
/// client retries a 200, so the same body again is a new question (a regenerate). A key is kept either way, to refuse
/// its reuse for another body. Memory is per API replica: a retry that lands on another replica is not recognised here
/// (an <c>Idempotency-Key</c> still is, by the session).
/// </summary>
public sealed class RetryRecognizer(TimeProvider time, IOptionsMonitor<ApiOptions> options)
{
    private readonly Dictionary<string, RequestRecord> _records = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    /// <summary>Decides what a request does: run, join the same request, replay its failure, or be refused.</summary>
    public RetryDecision Recognise(string caller, ChatCompletionInput input) => Recognise(caller, input.Conversation, input.IdempotencyKey, input.BodyDigest);

    /// <summary>Decides what a request does, for any endpoint that runs a turn.</summary>
    /// <param name="caller">The key holder.</param>
    /// <param name="scope">What the request continues (a conversation, a response chain), so that equal bodies in different places differ.</param>
    /// <param name="idempotencyKey">The client's <c>Idempotency-Key</c>, if it sent one.</param>
    /// <param name="bodyDigest">A digest of the request body.</param>
    public RetryDecision Recognise(string caller, string? scope, string? idempotencyKey, string bodyDigest)
    {
        var identity = idempotencyKey is { } key
            ? $"{caller}\n{scope}\nkey\n{key}"
            : $"{caller}\n{scope}\nbody\n{bodyDigest}";
        lock (_lock)
        {
            var now = time.GetUtcNow();
            Sweep(now);
            if (_records.TryGetValue(identity, out var known) && !IsExpired(known, now))
            {
                if (known.BodyDigest != bodyDigest)
                {
                    return new RetryDecision.Refuse(ApiErrorResponses.IdempotencyKeyReused());
                }

                if (known.Running == 0 && known.Failure is { } failure)
                {
                    return new RetryDecision.Replay(failure);
                }

                known.Running++;
                return new RetryDecision.Send(new RequestAttempt(this, identity, known));
            }

            var record = new RequestRecord(idempotencyKey ?? Guid.NewGuid().ToString("N"), bodyDigest, keyed: idempotencyKey is not null) { Running = 1 };
            _records[identity] = record;
            return new RetryDecision.Send(new RequestAttempt(this, identity, record));
        }
    }

    /// <summary>Called once per attempt when its answer is known.</summary>
    /// <param name="attempt">The attempt <see cref="Recognise"/> gave.</param>
    /// <param name="failure">Null for an answer; otherwise the failure.</param>
    /// <param name="final">True when the session gave this failure for a finished turn, so that the same request must get it again rather than run.</param>
    internal void End(RequestAttempt attempt, ApiFailure? failure, bool final)
    {
        lock (_lock)
        {
            var record = attempt.Record;
            record.Running--;
            record.EndedAt = time.GetUtcNow();
            if (failure is null && !record.Keyed)
            {
                if (_records.TryGetValue(attempt.Identity, out var current) && current == record)
                {
                    _records.Remove(attempt.Identity);
                }

                return;
            }

            if (final)
            {
                record.Failure = failure;
            }
        }
    }

    private bool IsExpired(RequestRecord record, DateTimeOffset now) => record.Running == 0 && record.EndedAt + options.CurrentValue.RetryWindow <= now;

    /// <summary>Forgets expired records now and then, to bound memory; a record found expired is ignored anyway.</summary>
    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + (options.CurrentValue.RetryWindow / 4);
        foreach (var (identity, record) in _records)
        {
            if (IsExpired(record, now))
            {
                _records.Remove(identity);
            }
        }
    }
}
