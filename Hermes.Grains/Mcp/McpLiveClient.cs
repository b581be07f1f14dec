using System.Collections.Immutable;
using Hermes.Contracts.Mcp;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Hermes.Grains.Mcp;

/// <summary>One MCP session open now: the SDK's client, the tools the server offered, and for stdio its process mark and id.</summary>
internal sealed class McpLiveClient(McpClient client, ImmutableArray<Tool> tools, string? processMarker, int? processId)
{
    private volatile bool _hasServed;

    public McpClient Client { get; } = client;

    /// <summary>The tools the include/exclude lists let through, with the server's own names.</summary>
    public ImmutableArray<Tool> Tools { get; } = tools;

    public string? ProcessMarker { get; } = processMarker;

    public int? ProcessId { get; } = processId;

    /// <summary>True once a call succeeded on this session: a server that dies after serving is worth one immediate reconnect.</summary>
    public bool HasServed
    {
        get => _hasServed;
        set => _hasServed = value;
    }

    /// <summary>False once the session ended or its process stopped running (noticed before the SDK's reader sees the pipe close).</summary>
    public bool IsAlive => !Client.Completion.IsCompleted && (ProcessId is not { } pid || ProcessTable.IsRunning(pid));
}
