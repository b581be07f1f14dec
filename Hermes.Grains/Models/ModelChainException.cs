using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;

namespace Hermes.Grains.Models;

/// <summary>No model of the chain could answer: each attempt's classified error, in the order tried.</summary>
public sealed class ModelChainException(IReadOnlyList<TurnError> errors)
    : Exception(TurnReplies.ForFailure(errors))
{
    public IReadOnlyList<TurnError> Errors { get; } = errors;
}
