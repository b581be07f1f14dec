using System.ComponentModel;

namespace Hermes.Grains.Mcp;

/// <summary>When a session's own server starts. Config key <c>start</c>: <c>on-first-call</c> (the default) or <c>with-session</c>.</summary>
[TypeConverter(typeof(McpServerStartConverter))]
public enum McpServerStart
{
    /// <summary>
    /// When the session first calls one of its tools. Until then the model sees the tools the silo listed once for this
    /// server configuration, and no process runs for the session.
    /// </summary>
    OnFirstCall,

    /// <summary>When the session first speaks, and its tools are the ones its own server lists: for servers whose tools depend on the session.</summary>
    WithSession,
}
