using Microsoft.Extensions.AI;

namespace Hermes.Grains.Models;

/// <summary>One link of a model chain: the model's id and the client that calls it.</summary>
public sealed record ModelRoute(string ModelId, IChatClient Client);
