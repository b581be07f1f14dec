using System.Collections.Immutable;

namespace Hermes.Contracts.Sessions;

/// <summary>
/// Lifetime counters of one session: how often it built and dropped agents, and how many connections its own
/// (session-scoped) MCP servers opened, reconnects included; shared servers are the silo's and counted in its metrics.
/// </summary>
[GenerateSerializer, Immutable, Alias("hermes.SessionCounters")]
public sealed record SessionCounters(
    [property: Id(0)] int AgentsBuilt,
    [property: Id(1)] ImmutableDictionary<AgentDropReason, int> AgentsDropped,
    [property: Id(2)] int McpConnectionsOpened)
{
    public static SessionCounters Zero { get; } = new(0, ImmutableDictionary<AgentDropReason, int>.Empty, 0);

    public int TotalAgentsDropped => AgentsDropped.Values.Sum();

    public int Dropped(AgentDropReason reason) => AgentsDropped.GetValueOrDefault(reason);

    public SessionCounters WithAgentBuilt() => this with { AgentsBuilt = AgentsBuilt + 1 };

    public SessionCounters WithAgentDropped(AgentDropReason reason) =>
        this with { AgentsDropped = AgentsDropped.SetItem(reason, Dropped(reason) + 1) };

    public SessionCounters WithMcpConnectionsOpened(int count) => this with { McpConnectionsOpened = McpConnectionsOpened + count };
}
