namespace Hermes.Contracts.Mcp;

/// <summary>How one MCP server looks from a session: its state, its tools, and what its connection went through.</summary>
/// <param name="Name">The server's configured name.</param>
/// <param name="Transport">Stdio or HTTP.</param>
/// <param name="State">Connected, idle (no process now; the next call starts it), failed (tools absent) or disconnected (tries again on next use).</param>
/// <param name="ToolCount">Tools offered to the model.</param>
/// <param name="Error">Why it last failed, when it did.</param>
/// <param name="Scope">Whether this session has the connection to itself or shares the silo's.</param>
/// <param name="ProcessId">The server process behind a live stdio connection.</param>
/// <param name="ConnectionsOpened">Connections this handle's connection opened, reconnects included (for a shared server: silo-wide).</param>
/// <param name="Reconnects">Connections opened again after the server went away.</param>
/// <param name="ConnectFailures">Failed starts of this server's configuration in the silo, whichever session they were for.</param>
/// <param name="RetryAt">The earliest next start while the server's configuration is failing; null when one may start at once.</param>
/// <param name="CallsInFlight">Tool calls sent to the server and not answered yet.</param>
[GenerateSerializer, Immutable, Alias("hermes.McpServerStatus")]
public sealed record McpServerStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] McpTransportKind Transport,
    [property: Id(2)] McpServerState State,
    [property: Id(3)] int ToolCount,
    [property: Id(4)] string? Error,
    [property: Id(5)] McpServerScope Scope,
    [property: Id(6)] int? ProcessId,
    [property: Id(7)] int ConnectionsOpened,
    [property: Id(8)] int Reconnects,
    [property: Id(9)] int ConnectFailures,
    [property: Id(10)] DateTimeOffset? RetryAt,
    [property: Id(11)] int CallsInFlight);
