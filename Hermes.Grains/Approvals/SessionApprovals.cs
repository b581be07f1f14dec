using System.Collections.Frozen;
using Hermes.Grains.Mcp;

namespace Hermes.Grains.Approvals;

/// <summary>A session's durable approval state: its user's policy changes, the tools approved for the session, and a paused turn.</summary>
/// <remarks>
/// The two collections are made by their first entry (most sessions never get one) and stored under the ids they had as
/// properties, so state written before reads the same; null and empty mean the same.
/// </remarks>
[GenerateSerializer, Alias("hermes.SessionApprovals")]
public sealed class SessionApprovals
{
    [Id(0)] private Dictionary<string, ToolPolicy>? _overrides;

    [Id(1)] private HashSet<string>? _allowed;

    /// <summary>The user's own policies (<c>/allow</c>, <c>/deny</c>), by tool name as the model sees it or a glob of it.</summary>
    public IReadOnlyDictionary<string, ToolPolicy> Overrides => _overrides ?? (IReadOnlyDictionary<string, ToolPolicy>)FrozenDictionary<string, ToolPolicy>.Empty;

    /// <summary>Tools allowed for the rest of the session: an <c>ask-once</c> tool once approved, any tool approved with <c>always</c>.</summary>
    public IReadOnlySet<string> Allowed => _allowed ?? (IReadOnlySet<string>)FrozenSet<string>.Empty;

    /// <summary>The turn that waits for decisions, if any.</summary>
    [Id(2)] public PausedTurn? Paused { get; set; }

    /// <summary>The last short id handed out; ids count up for the session's life.</summary>
    [Id(3)] public int LastId { get; set; }

    /// <summary>Sets the user's policy for <paramref name="pattern"/> (a tool name or a glob).</summary>
    public void SetOverride(string pattern, ToolPolicy policy) => (_overrides ??= new(StringComparer.Ordinal))[pattern] = policy;

    /// <summary>Allows <paramref name="tool"/> for the rest of the session.</summary>
    public void Allow(string tool) => (_allowed ??= new(StringComparer.Ordinal)).Add(tool);

    /// <summary>Takes back the session's approval of every tool that <paramref name="matches"/>.</summary>
    public void Disallow(Predicate<string> matches) => _allowed?.RemoveWhere(matches);

    /// <summary>Forgets the user's policies and the session's approvals.</summary>
    public void ForgetPolicies() => (_overrides, _allowed) = (null, null);
}
