using System.ComponentModel.DataAnnotations;

namespace Hermes.Grains.Agents;

/// <summary>How every session's agent runs its tool loop. Section <c>Hermes:Agent</c>.</summary>
public sealed class AgentOptions
{
    public const string SectionName = "Hermes:Agent";

    /// <summary>Model calls one turn may make in its tool loop before the model must answer without tools.</summary>
    [Range(1, 1000)]
    public int MaxIterations { get; set; } = 90;

    /// <summary>Instructions sent as the system message of every model call; none when empty.</summary>
    public string? SystemPrompt { get; set; }

    /// <summary>When a turn that repeats one tool call, or whose tool calls keep failing, is ended.</summary>
    public ToolLoopGuardOptions LoopGuard { get; set; } = new();
}
