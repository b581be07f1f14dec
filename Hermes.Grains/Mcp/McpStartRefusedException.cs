namespace Hermes.Grains.Mcp;

/// <summary>
/// The pool would not start a server, for a reason that is the silo's and not the server's: its process limit is reached,
/// or it is stopping. Not counted as a failed start of the server.
/// </summary>
public sealed class McpStartRefusedException(string message, Exception? innerException = null) : InvalidOperationException(message, innerException);
