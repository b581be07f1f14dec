using System.ComponentModel.DataAnnotations;

namespace Hermes.Silo.Lifetime;

/// <summary>How the silo stops on SIGTERM. Section <c>Hermes:Shutdown</c>.</summary>
public sealed class ShutdownOptions : IValidatableObject
{
    public const string SectionName = "Hermes:Shutdown";

    /// <summary>How long running turns may go on after the silo was told to stop; then they are interrupted and recorded.</summary>
    public TimeSpan TurnDrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The whole shutdown: the drain, then persisting and deactivating sessions, closing MCP servers and leaving the
    /// cluster. A pod's <c>terminationGracePeriodSeconds</c> must be longer.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TurnDrainTimeout <= TimeSpan.Zero || Timeout <= TurnDrainTimeout)
        {
            yield return new ValidationResult(
                $"Hermes:Shutdown:Timeout ({Timeout}) must be longer than Hermes:Shutdown:TurnDrainTimeout ({TurnDrainTimeout}), which must be positive: " +
                "after the drain the silo still persists its sessions, closes MCP servers and leaves the cluster.",
                [nameof(Timeout), nameof(TurnDrainTimeout)]);
        }
    }
}
