using System.Collections.Immutable;
using Hermes.Contracts.Sessions;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Models;

/// <summary>
/// One turn's state in the model chain and its record: which model the turn is on, the calls made, the errors met and
/// which model answered. An agent makes one per turn and hands it to the chain in the turn's options
/// (<see cref="AttachTo"/>), so the chain itself keeps nothing between turns and every turn starts on the primary.
/// </summary>
public sealed class ModelTurnLog
{
    // The options key under which the turn travels with every model call of the turn (the tool loop and the chain
    // pass the options on; their clones share this object).
    private const string OptionsKey = "hermes.model_turn";

    private readonly List<TurnError> _errors = [];
    private readonly OrderedDictionary<string, TokenUsage> _usage = new(StringComparer.Ordinal);

    public int ApiCalls { get; private set; }

    public string? ModelUsed { get; private set; }

    /// <summary>The provider of <see cref="ModelUsed"/>, when the chain knows providers.</summary>
    public string? ProviderUsed { get; private set; }

    /// <summary>Tokens used per model (<c>provider:model</c>) in this turn, in the order the models were first used.</summary>
    public ImmutableArray<ModelUsage> UsageByModel => [.. _usage.Select(entry => new ModelUsage(entry.Key, entry.Value))];

    /// <summary>True once a fallback model answered in this turn.</summary>
    public bool FallbackUsed { get; private set; }

    public IReadOnlyList<TurnError> Errors => _errors;

    /// <summary>The chain's position in this turn: 0 for the primary. Once a turn moved on, it stays there.</summary>
    internal int Position { get; private set; }

    /// <summary>Lets every model call made with <paramref name="options"/> (and its clones) belong to this turn.</summary>
    public ChatOptions AttachTo(ChatOptions options)
    {
        (options.AdditionalProperties ??= [])[OptionsKey] = this;
        return options;
    }

    /// <summary>The turn that <paramref name="options"/> belong to.</summary>
    /// <exception cref="InvalidOperationException">The options carry no turn.</exception>
    internal static ModelTurnLog Of(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(OptionsKey, out ModelTurnLog? turn) is true && turn is not null
            ? turn
            : throw new InvalidOperationException($"A model chain call needs its turn in the options: {nameof(ModelTurnLog)}.{nameof(AttachTo)}.");

    internal void Answered(ModelRoute route, bool fallback)
    {
        ApiCalls++;
        ModelUsed = route.ModelId;
        ProviderUsed = route.Provider;
        FallbackUsed |= fallback;
    }

    /// <summary>Adds tokens a model reported in this turn.</summary>
    internal void Used(string model, TokenUsage usage)
    {
        lock (_usage)
        {
            _usage[model] = _usage.TryGetValue(model, out var earlier) ? earlier.Add(usage) : usage;
        }
    }

    internal void Failed(TurnError error)
    {
        ApiCalls++;
        _errors.Add(error);
    }

    internal void Abandoned() => ApiCalls++;

    internal void MoveToNextModel() => Position++;
}
