using Microsoft.Extensions.AI;

namespace Hermes.Grains.Models;

/// <summary>One link of a model chain: the model's id, the client that calls it and its context window, when known.</summary>
/// <param name="ContextLength">Tokens the model's context window holds; null when unknown (nothing is fitted to it).</param>
public sealed record ModelRoute(string ModelId, IChatClient Client, int? ContextLength = null);
