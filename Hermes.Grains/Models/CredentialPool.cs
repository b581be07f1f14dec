using System.Collections.Immutable;
using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Models;

/// <summary>
/// One provider's keys and where each stands, shared by every session of the silo: a key refused with 401/403 is parked
/// (unless it is the last one ready), a rate-limited one rests for that model until the reset time its provider announced
/// (providers limit each model apart, so another model on the same key may still answer), and requests take the first key
/// in configured order that is ready for their model. An endpoint without keys has one keyless slot, which rests like a key.
/// </summary>
public sealed class CredentialPool(ModelProvider provider, TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Slot[] _slots = provider.Keys.IsEmpty
        ? [new Slot(null)]
        : [.. provider.Keys.Select(key => new Slot(key))];

    public ModelProvider Provider { get; } = provider;

    /// <summary>The first key ready now for <paramref name="model"/>, by position (from 0), or false when every key is parked or resting.</summary>
    public bool TryTake(string model, out int slot, out string? key)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            for (slot = 0; slot < _slots.Length; slot++)
            {
                if (_slots[slot].ReadyFor(model, now))
                {
                    key = _slots[slot].Key;
                    return true;
                }
            }
        }

        (slot, key) = (-1, null);
        return false;
    }

    /// <summary>
    /// Stops using a key the provider refused, unless it is the last key ready for <paramref name="model"/>: the last one
    /// is kept, so that a provider is never shut out for good by one refusal (it costs one quick request per turn, whose
    /// answer the chain falls over on). <paramref name="reason"/> must already be free of secrets.
    /// </summary>
    /// <returns>True when the key was parked and another is ready.</returns>
    public bool TryPark(int slot, string model, string reason)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_slots.Where((other, index) => index != slot && other.ReadyFor(model, now)).Any())
            {
                return false;
            }

            _slots[slot].Parked = reason;
            return true;
        }
    }

    /// <summary>Rests a rate-limited key for <paramref name="model"/> until <paramref name="until"/>.</summary>
    public void Rest(int slot, string model, DateTimeOffset until)
    {
        lock (_gate)
        {
            _slots[slot].Rests[model] = until;
        }
    }

    /// <summary>When the first key that rests for <paramref name="model"/> is ready again (a key is parked only while another is ready, so when none is ready, one rests).</summary>
    public DateTimeOffset ReadyAgainAt(string model)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return _slots.Where(slot => slot.Parked is null).Select(slot => slot.RestingUntil(model, now)).Min() ?? now;
        }
    }

    /// <summary>
    /// Each key by position, never by value: parked with its reason, resting until the latest reset of any model (with
    /// those models named), or ready.
    /// </summary>
    public ProviderStatus Status()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return new ProviderStatus(Provider.Name, Provider.KindName, [.. _slots.Select((slot, index) =>
            {
                if (slot.Parked is { } reason)
                {
                    return new ProviderKeyStatus(index + 1, ProviderKeyState.Parked, reason);
                }

                var resting = slot.Rests.Where(rest => rest.Value > now).ToArray();
                return resting.Length == 0
                    ? new ProviderKeyStatus(index + 1, ProviderKeyState.Ready)
                    : new ProviderKeyStatus(index + 1, ProviderKeyState.Resting, $"HTTP 429 for {string.Join(", ", resting.Select(rest => rest.Key))}", resting.Max(rest => rest.Value));
            })]);
        }
    }

    /// <summary>One key (or the keyless slot). Never prints the key.</summary>
    private sealed class Slot(string? key)
    {
        public string? Key { get; } = key;

        /// <summary>Why the key was parked, if it was.</summary>
        public string? Parked { get; set; }

        /// <summary>Until when the key rests, per model.</summary>
        public Dictionary<string, DateTimeOffset> Rests { get; } = new(StringComparer.Ordinal);

        public bool ReadyFor(string model, DateTimeOffset now) => Parked is null && RestingUntil(model, now) is null;

        public DateTimeOffset? RestingUntil(string model, DateTimeOffset now) =>
            Rests.TryGetValue(model, out var until) && until > now ? until : null;
    }
}
