using Hermes.Grains.Mcp;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Agents;

/// <summary>
/// An MCP tool as the tool loop calls it: its result as the plain text the model reads (<see cref="ToolResultText"/>),
/// and a failure (its server went away, or did not answer within the server's <c>timeout</c>) as an error result the
/// model reads too. Tool errors are data: they never fail the turn, and the loop counts none of them as its own errors.
/// </summary>
internal sealed class TextResultTool(McpToolFunction tool) : DelegatingAIFunction(tool)
{
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        try
        {
            return ToolResultText.From(await tool.CallAsync(arguments, cancellationToken));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return ToolResultText.Failure(Name, exception);
        }
    }
}
