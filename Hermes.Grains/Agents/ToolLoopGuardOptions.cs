using System.ComponentModel.DataAnnotations;

namespace Hermes.Grains.Agents;

/// <summary>When the loop guard ends a turn that goes round in circles. Section <c>Hermes:Agent:LoopGuard</c>.</summary>
public sealed class ToolLoopGuardOptions
{
    /// <summary>Times one turn may call the same tool with the same arguments; the next such call ends the turn instead of running.</summary>
    [Range(1, 1000)]
    public int MaxRepeats { get; set; } = 3;

    /// <summary>Tool calls in a row that may fail before the turn ends.</summary>
    [Range(1, 1000)]
    public int MaxConsecutiveFailures { get; set; } = 5;
}
