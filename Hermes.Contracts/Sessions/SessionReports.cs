using System.Collections.Immutable;
using System.Globalization;
using Hermes.Contracts.Approvals;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Schedules;

namespace Hermes.Contracts.Sessions;

/// <summary>
/// The texts of <c>/status</c>, <c>/usage</c> and <c>/model</c>, written from a session snapshot: the one rendering of a
/// snapshot, shared by the session's answers and the console's <c>chat --status</c> and <c>session status</c>.
/// </summary>
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
        };
        lines.AddRange(snapshot.McpServers.Select(server => $"  {server.Name}: {ServerDetail(server)}"));
        lines.AddRange(ProviderLines(snapshot.Providers));
        lines.Add($"Session: {snapshot.TurnCount} turns, {snapshot.TranscriptLength} messages; key {snapshot.Key}, id {snapshot.SessionId}");
        if (snapshot.LastTurn is { } last)
        {
            var answeredBy = last.ModelUsed is null ? null : ModelName.Of(last.ProviderUsed, last.ModelUsed);
            var model = answeredBy is null ? string.Empty : $" by {answeredBy}";
            var detail = last.Error is { } error ? $": {error.Kind} {error.Message}" : last.FallbackUsed ? $" on fallback {answeredBy}" : model;
            lines.Add($"Last turn: {last.Outcome.ToString().ToLowerInvariant()}{detail}");
        }

        lines.Add(string.Create(CultureInfo.InvariantCulture, $"Tokens: {snapshot.Usage.InputTokens:N0} in, {snapshot.Usage.OutputTokens:N0} out"));
        if (!snapshot.PendingApprovals.IsDefaultOrEmpty)
        {
            lines.Add($"Waiting for approval: {ApprovalTexts.List(snapshot.PendingApprovals)}");
        }

        lines.Add(ScheduleReports.Summary(snapshot.Schedules));
        if (snapshot.Summary is { } summary)
        {
            lines.Add(Summary(summary));
        }

        return string.Join('\n', lines);
    }

    public static string Usage(SessionSnapshot snapshot)
    {
        var total = string.Create(
            CultureInfo.InvariantCulture,
            $"Tokens this session: {snapshot.Usage.InputTokens:N0} in, {snapshot.Usage.OutputTokens:N0} out, {snapshot.Usage.TotalTokens:N0} in all, over {snapshot.TurnCount} turns.");
        // Broken down only when more than one model answered: with one, the total says it all.
        var byModel = snapshot.UsageByModel.IsDefault || snapshot.UsageByModel.Length < 2
            ? []
            : snapshot.UsageByModel.Select(model => string.Create(CultureInfo.InvariantCulture, $"  {model.Model}: {model.Usage.InputTokens:N0} in, {model.Usage.OutputTokens:N0} out"));
        return string.Join('\n', byModel.Prepend(total));
    }

    /// <summary>The compaction summary as <c>/status</c> shows it: which turns it replaces, what it saved, and its text.</summary>
    public static string Summary(ContextSummary summary) => string.Create(
        CultureInfo.InvariantCulture,
        $"Summary of turns 1-{summary.ThroughTurn} (by {summary.Model ?? "the model"} at {summary.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC; context {summary.TokensBefore:N0} -> {summary.TokensAfter:N0} tokens):\n{summary.Text}");

    public static string Model(SessionSnapshot snapshot)
    {
        if (snapshot.ModelInUse is null)
        {
            return "none configured";
        }

        var chosen = snapshot.ModelChosenBySession ? " (chosen for this session)" : string.Empty;
        var fallbacks = snapshot.NeverDowngrade ? "never downgraded to a fallback"
            : snapshot.Fallbacks.IsEmpty ? "no fallbacks"
            : $"fallbacks {string.Join(", ", snapshot.Fallbacks)}";
        return $"{ModelName.Of(snapshot.ProviderInUse, snapshot.ModelInUse)}{chosen}, {fallbacks}";
    }

    /// <summary>One line per provider of the chain, naming each key that is not ready by its position, never its value.</summary>
    private static IEnumerable<string> ProviderLines(ImmutableArray<ProviderStatus> providers) => providers.IsDefaultOrEmpty
        ? []
        : providers.Select(provider =>
        {
            var ready = provider.Keys.Count(key => key.State == ProviderKeyState.Ready);
            var troubles = provider.Keys.Where(key => key.State != ProviderKeyState.Ready).Select(key => key.State == ProviderKeyState.Resting
                ? $"key {key.Number} resting until {key.Until?.UtcDateTime:HH:mm:ss} UTC ({key.Reason})"
                : $"key {key.Number} parked ({key.Reason})");
            var detail = string.Join("; ", troubles.Prepend($"{ready} of {provider.Keys.Length} keys ready"));
            return string.Create(CultureInfo.InvariantCulture, $"Provider {provider.Name} ({provider.Kind}): {detail}");
        });

    public static string McpServers(ImmutableArray<McpServerStatus> servers) =>
        servers.IsEmpty ? "none connected" : string.Join("; ", servers.Select(Describe));

    /// <summary>One server in full: state, transport and scope, tools, process, its connection history and what went wrong.</summary>
    private static string ServerDetail(McpServerStatus server)
    {
        var process = server.ProcessId is { } pid ? string.Create(CultureInfo.InvariantCulture, $", pid {pid}") : string.Empty;
        var retry = server.RetryAt is { } retryAt ? $"; next attempt {retryAt.UtcDateTime:HH:mm:ss} UTC" : string.Empty;
        var error = server.Error is null ? string.Empty : $": {server.Error}";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{server.State} ({server.Transport}, {server.Scope}, {server.ToolCount} tools{process}; opened {server.ConnectionsOpened}, reconnects {server.Reconnects}, connect failures {server.ConnectFailures}{retry}){error}");
    }

    private static string Describe(McpServerStatus server) => server.State switch
    {
        McpServerState.Connected => $"{server.Name} connected ({server.ToolCount} tools)",
        // Not started yet, or closed while unused: its tools are offered, and the first call starts it.
        McpServerState.Idle => $"{server.Name} idle ({server.ToolCount} tools, starts on first call)",
        _ => $"{server.Name} {server.State.ToString().ToLowerInvariant()}: {server.Error}",
    };
}
