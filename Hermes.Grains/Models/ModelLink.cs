using System.Collections.Immutable;
using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Models;

/// <summary>One model of a session's chain: its provider, its id at that provider, its context window and fallback policy.</summary>
/// <param name="Provider">The provider's configured name.</param>
/// <param name="Model">The model id the provider knows.</param>
/// <param name="ContextLength">The context window in tokens, when configured.</param>
/// <param name="FallOverOn">Error classes after which the chain leaves this model for the next.</param>
public sealed record ModelLink(string Provider, string Model, int? ContextLength, ImmutableHashSet<ErrorKind> FallOverOn)
{
    /// <summary>The provider as people read it: none for the shorthand's single endpoint, whose models need no provider name.</summary>
    public string? ShownProvider => Provider == ModelOptions.ShorthandProvider ? null : Provider;

    /// <summary>The model as people read it: <c>provider:model</c>, or the model id alone on the shorthand's endpoint.</summary>
    public string Name => ModelName.Of(ShownProvider, Model);

    public override string ToString() => Name;
}
