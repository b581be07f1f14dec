using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;

namespace Hermes.Grains.Models;

/// <summary>What the model chain did during one turn: calls made, errors met, and which model answered.</summary>
public sealed class ModelTurnLog
{
    private readonly List<TurnError> _errors = [];

    public int ApiCalls { get; private set; }

    public string? ModelUsed { get; private set; }

    /// <summary>True once a fallback model answered in this turn.</summary>
    public bool FallbackUsed { get; private set; }

    public IReadOnlyList<TurnError> Errors => _errors;

    internal void Answered(string model, bool fallback)
    {
        ApiCalls++;
        ModelUsed = model;
        FallbackUsed |= fallback;
    }

    internal void Failed(TurnError error)
    {
        ApiCalls++;
        _errors.Add(error);
    }

    internal void Abandoned() => ApiCalls++;
}
