using System.ComponentModel.DataAnnotations;
using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Models;

/// <summary>One model of the configured chain. Section <c>Hermes:Model:Chain:{n}</c>.</summary>
public sealed class ModelChainEntry
{
    /// <summary>The provider's name under <c>Hermes:Model:Providers</c>.</summary>
    [Required]
    public string Provider { get; set; } = string.Empty;

    /// <summary>The model id the provider knows.</summary>
    [Required]
    public string Model { get; set; } = string.Empty;

    /// <summary>The model's context window in tokens, when known (compaction uses it).</summary>
    [Range(1, int.MaxValue)]
    public int? ContextLength { get; set; }

    /// <summary>Error classes after which the chain leaves this model for the next; the chain's own when empty.</summary>
    public List<ErrorKind> FallOverOn { get; set; } = [];
}
