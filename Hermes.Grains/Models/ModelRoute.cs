using System.Collections.Immutable;
using Hermes.Contracts.Sessions;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Models;

/// <summary>One link of a model chain: the model's id, the client that calls it and its context window, when known.</summary>
/// <param name="ModelId">The model id the session sees.</param>
/// <param name="Client">The client that calls it.</param>
/// <param name="ContextLength">Tokens the model's context window holds; null when unknown (nothing is fitted to it).</param>
/// <param name="Provider">The configured provider the model is called at; null when the chain knows no providers.</param>
/// <param name="FallOverOn">Error classes after which the chain leaves this model; null for the defaults (<see cref="ModelCatalog.DefaultFallOverOn"/>).</param>
public sealed record ModelRoute(string ModelId, IChatClient Client, int? ContextLength = null, string? Provider = null, ImmutableHashSet<ErrorKind>? FallOverOn = null)
{
    /// <summary>The model as people read it: <c>provider:model</c>.</summary>
    public string Name => ModelName.Of(Provider, ModelId);

    /// <summary>True when the chain moves on to the next model after an error of <paramref name="kind"/>.</summary>
    public bool FallsOverOn(ErrorKind kind) => (FallOverOn ?? ModelCatalog.DefaultFallOverOn).Contains(kind);
}
