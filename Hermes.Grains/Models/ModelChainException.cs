using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Models;

/// <summary>
/// No model of the chain could answer: each attempt's classified error, in the order tried. Its message names only the models
/// and error kinds; the reply a user reads is written from <see cref="Errors"/> where the turn is recorded.
/// </summary>
public sealed class ModelChainException(IReadOnlyList<TurnError> errors)
    : Exception($"No model of the chain could answer: {string.Join("; ", errors.Select(error => $"{error.Model} {error.Kind}"))}.")
{
    public IReadOnlyList<TurnError> Errors { get; } = errors;
}
