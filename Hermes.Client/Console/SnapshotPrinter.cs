using Hermes.Contracts.Sessions;

namespace Hermes.Client.Console;

/// <summary>Prints a session snapshot as a few readable lines.</summary>
public static class SnapshotPrinter
{
    public static void Print(SessionSnapshot snapshot, TextWriter output)
    {
        output.WriteLine($"session        {snapshot.Key} (id {snapshot.SessionId})");
        output.WriteLine($"model          {snapshot.ModelInUse ?? "(none configured)"}");
        output.WriteLine($"turns          {snapshot.TurnCount}, transcript {snapshot.TranscriptLength} messages");
        if (snapshot.LastTurn is { } last)
        {
            var fallback = last.FallbackUsed ? ", fallback" : string.Empty;
            var error = last.Error is { } e ? $", {e.Kind}: {e.Message}" : string.Empty;
            output.WriteLine($"last turn      #{last.Number} {last.Outcome} ({last.ModelUsed ?? "no model"}{fallback}{error})");
        }

        var drops = snapshot.Counters.AgentsDropped.Count == 0
            ? "none"
            : string.Join(", ", snapshot.Counters.AgentsDropped.Select(drop => $"{drop.Key} {drop.Value}"));
        output.WriteLine($"agent          {(snapshot.AgentCached ? "cached" : "not cached")}; built {snapshot.Counters.AgentsBuilt}, dropped {drops}");
        output.WriteLine($"mcp            {snapshot.Counters.McpConnectionsOpened} connections opened");
        foreach (var server in snapshot.McpServers)
        {
            var process = server.ProcessId is { } pid ? $", pid {pid}" : string.Empty;
            var history = $"opened {server.ConnectionsOpened}, reconnects {server.Reconnects}, connect failures {server.ConnectFailures}";
            var retry = server.RetryAt is { } retryAt ? $", next attempt {retryAt.ToLocalTime():HH:mm:ss}" : string.Empty;
            var error = server.Error is null ? string.Empty : $": {server.Error}";
            output.WriteLine($"  {server.Name,-12} {server.State} ({server.Transport}, {server.Scope}, {server.ToolCount} tools{process}; {history}{retry}){error}");
        }

        output.WriteLine($"tokens         {snapshot.Usage.InputTokens} in, {snapshot.Usage.OutputTokens} out");
    }
}
