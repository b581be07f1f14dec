using System.Collections.Immutable;
using System.Globalization;
using Hermes.Contracts.Mcp;

namespace Hermes.Contracts.Sessions;

/// <summary>The texts of <c>/status</c>, <c>/usage</c> and <c>/model</c>, written from a session snapshot.</summary>
public static class SessionReports
{
    public static string Status(SessionSnapshot snapshot)
    {
        var counters = snapshot.Counters;
        var drops = counters.AgentsDropped.IsEmpty
            ? "none dropped"
            : "dropped " + string.Join(", ", counters.AgentsDropped.OrderBy(drop => drop.Key).Select(drop => $"{drop.Value} ({drop.Key})"));
        var turn = snapshot.TurnRunning
            ? $"a turn is running{(snapshot.MessagesWaiting > 0 ? $", {snapshot.MessagesWaiting} waiting" : string.Empty)}"
            : "idle";
        var servers = McpServers(snapshot.McpServers);
        var lines = new List<string>
        {
            $"Model: {Model(snapshot)}",
            $"Agent: {(snapshot.AgentCached ? "cached" : "not cached")}; {counters.AgentsBuilt} built, {drops}",
            $"Now: {turn}",
            $"MCP: {servers}; {counters.McpConnectionsOpened} connections opened",
            $"Session: {snapshot.TurnCount} turns, {snapshot.TranscriptLength} messages",
        };
        if (snapshot.LastTurn is { } last)
        {
            var detail = last.Error is { } error ? $": {error.Kind} {error.Message}" : last.FallbackUsed ? $" on fallback {last.ModelUsed}" : string.Empty;
            lines.Add($"Last turn: {last.Outcome.ToString().ToLowerInvariant()}{detail}");
        }

        return string.Join('\n', lines);
    }

    public static string Usage(SessionSnapshot snapshot) => string.Create(
        CultureInfo.InvariantCulture,
        $"Tokens this session: {snapshot.Usage.InputTokens:N0} in, {snapshot.Usage.OutputTokens:N0} out, {snapshot.Usage.TotalTokens:N0} in all, over {snapshot.TurnCount} turns.");

    public static string Model(SessionSnapshot snapshot)
    {
        if (snapshot.ModelInUse is null)
        {
            return "none configured";
        }

        var chosen = snapshot.ModelChosenBySession ? " (chosen for this session)" : string.Empty;
        var fallbacks = snapshot.Fallbacks.IsEmpty ? "no fallbacks" : $"fallbacks {string.Join(", ", snapshot.Fallbacks)}";
        return $"{snapshot.ModelInUse}{chosen}, {fallbacks}";
    }

    public static string McpServers(ImmutableArray<McpServerStatus> servers) =>
        servers.IsEmpty ? "none connected" : string.Join("; ", servers.Select(Describe));

    private static string Describe(McpServerStatus server) => server.State == McpServerState.Connected
        ? $"{server.Name} connected ({server.ToolCount} tools)"
        : $"{server.Name} {server.State.ToString().ToLowerInvariant()}: {server.Error}";
}
