using Hermes.Contracts.Mcp;
using ModelContextProtocol.Client;

namespace Hermes.Grains.Mcp;

/// <summary>Says in one line why an MCP server could not be reached, for the session's status and the model's note.</summary>
/// <remarks>
/// The reason travels to users, to the model's provider and into session state, so it never quotes what the server
/// printed (a failing server may print its own credentials); <see cref="StandardErrorOf"/> gives that to the log alone.
/// </remarks>
internal static class McpFailureReason
{
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

    /// <summary>The last lines the server wrote to its standard error before it exited, for the operator's log.</summary>
    public static string? StandardErrorOf(Exception exception) =>
        exception is ClientTransportClosedException { Details: StdioClientCompletionDetails { StandardErrorTail: { Count: > 0 } tail } }
            ? string.Join(" | ", tail.Where(line => !string.IsNullOrWhiteSpace(line)).Select(line => line.Trim()))
            : null;

    private static string Exited(StdioClientCompletionDetails details) =>
        details.ExitCode is { } exitCode ? $"the server process exited with code {exitCode}" : "the server process exited";
}
