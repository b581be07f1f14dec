using System.Collections.Immutable;
using Hermes.Grains.Mcp;
using Orleans.Concurrency;

namespace Hermes.Grains.Sessions;

/// <summary>One conversation with the agent. Keyed by <see cref="SessionKey"/>; get it with <see cref="SessionGrainFactoryExtensions.GetSessionGrain"/>.</summary>
[Alias("hermes.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Runs one turn for a user message and returns its result. Turns of one session run one at a time.</summary>
    [Alias("Send")]
    Task<TurnResult> SendAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>Reads the session's state and counters; answered even while a turn runs.</summary>
    [Alias("GetSnapshot"), AlwaysInterleave]
    Task<SessionSnapshot> GetSnapshotAsync();

    /// <summary>Reads the last <paramref name="count"/> transcript messages; answered even while a turn runs.</summary>
    [Alias("GetTranscript"), AlwaysInterleave]
    Task<ImmutableArray<TranscriptMessage>> GetTranscriptAsync(int count);

    /// <summary>
    /// Reconnects this session's MCP servers (its own ones restart; shared ones list their tools again) and gives the
    /// cached agent the new tool list without rebuilding it. Returns the servers' state afterwards.
    /// </summary>
    [Alias("ReloadMcp")]
    Task<ImmutableArray<McpServerStatus>> ReloadMcpAsync(CancellationToken cancellationToken = default);

    /// <summary>Operator action: drops the cached agent (counted as <see cref="AgentDropReason.Released"/>) and releases the MCP handles.</summary>
    [Alias("Release")]
    Task ReleaseAsync();
}
