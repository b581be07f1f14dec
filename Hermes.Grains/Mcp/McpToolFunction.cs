using System.Text.Json;
using Hermes.Contracts.Mcp;
using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Hermes.Grains.Mcp;

/// <summary>
/// One MCP tool as the model sees it, named <c>mcp__{server}__{tool}</c>. Unlike the SDK's <c>McpClientTool</c>, which is
/// bound to one client for life, each call goes through the pool's <see cref="McpConnection"/>: it finds the live session,
/// reconnects a server that died (with backoff) and applies the server's <c>timeout</c>.
/// </summary>
public sealed class McpToolFunction(McpConnection connection, Tool tool) : AIFunction
{
    public override string Name { get; } = McpToolName.For(connection.ServerName, tool.Name);

    /// <summary>The configured name of the server that offers the tool.</summary>
    public string ServerName => connection.ServerName;

    /// <summary>The tool's own name on its server (the model sees <see cref="Name"/>).</summary>
    public string ToolName => tool.Name;

    public override string Description => tool.Description ?? string.Empty;

    public override JsonElement JsonSchema => tool.InputSchema;

    public override JsonElement? ReturnJsonSchema => tool.OutputSchema;

    public override JsonSerializerOptions JsonSerializerOptions => McpJsonUtilities.DefaultOptions;

    /// <summary>Calls the tool on its server.</summary>
    /// <exception cref="McpServerUnavailableException">The server is down, or went down during the call.</exception>
    /// <exception cref="TimeoutException">The server did not answer within its <c>timeout</c>.</exception>
    public Task<CallToolResult> CallAsync(IReadOnlyDictionary<string, object?>? arguments, CancellationToken cancellationToken) =>
        connection.CallToolAsync(tool.Name, arguments, cancellationToken);

    /// <summary>
    /// Calls the tool as the tool loop does: the result as the plain text the model reads (<see cref="ToolResultText"/>), and
    /// a failure (the server went away, or did not answer within its <c>timeout</c>) as an error result the model reads
    /// too. Tool errors are data: they never fail the turn, and the loop counts none of them as its own errors.
    /// </summary>
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        try
        {
            return ToolResultText.From(await CallAsync(arguments, cancellationToken));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return ToolResultText.Failure(Name, exception);
        }
    }
}
