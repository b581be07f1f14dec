using ModelContextProtocol.Client;

namespace Hermes.Grains.Mcp;

/// <summary>Says in one line why an MCP server could not be reached, for the session's status and the model's note.</summary>
internal static class McpFailureReason
{
    private const int MaxStandardErrorLength = 160;

    public const string ClosedDuringHandshake = "the server process closed its input during the MCP handshake";

    public static string Describe(Exception exception, McpTransportKind transport) => exception switch
    {
        TimeoutException timeout => timeout.Message,
        ClientTransportClosedException { Details: StdioClientCompletionDetails details } => Exited(details),
        // "Failed to connect transport." wraps the reason the process could not start (a missing command, say).
        IOException { InnerException: { } inner } => inner.GetBaseException().Message,
        // A server that exits at once can be gone before the handshake is written: the write fails ("Broken pipe") and
        // the SDK, which never reports that process's exit code, leaves nothing more to tell.
        IOException when transport == McpTransportKind.Stdio => ClosedDuringHandshake,
        _ => exception.Message,
    };

    private static string Exited(StdioClientCompletionDetails details)
    {
        var code = details.ExitCode is { } exitCode ? $" with code {exitCode}" : string.Empty;
        var lastLine = details.StandardErrorTail?.LastOrDefault(line => !string.IsNullOrWhiteSpace(line))?.Trim();
        if (lastLine is { Length: > MaxStandardErrorLength })
        {
            lastLine = lastLine[..MaxStandardErrorLength] + "…";
        }

        return lastLine is null ? $"the server process exited{code}" : $"the server process exited{code}: {lastLine}";
    }
}
