using Hermes.Contracts.Mcp;

namespace Hermes.Grains.Mcp;

/// <summary>
/// A tool call found its MCP server down (and not yet due for a reconnect), or lost it while the call was in flight.
/// The agent hands the message to the model as the tool's result; the turn goes on.
/// </summary>
public sealed class McpServerUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
