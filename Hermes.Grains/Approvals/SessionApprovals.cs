using Hermes.Grains.Mcp;

namespace Hermes.Grains.Approvals;

/// <summary>A session's durable approval state: its user's policy changes, the tools approved for the session, and a paused turn.</summary>
[GenerateSerializer, Alias("hermes.SessionApprovals")]
public sealed class SessionApprovals
{
    /// <summary>The user's own policies (<c>/allow</c>, <c>/deny</c>), by tool name as the model sees it or a glob of it.</summary>
    [Id(0)] public Dictionary<string, ToolPolicy> Overrides { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Tools allowed for the rest of the session: an <c>ask-once</c> tool once approved, any tool approved with <c>always</c>.</summary>
    [Id(1)] public HashSet<string> Allowed { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The turn that waits for decisions, if any.</summary>
    [Id(2)] public PausedTurn? Paused { get; set; }

    /// <summary>The last short id handed out; ids count up for the session's life.</summary>
    [Id(3)] public int LastId { get; set; }
}
