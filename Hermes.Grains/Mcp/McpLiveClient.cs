using System.Collections.Immutable;
using System.Diagnostics;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Hermes.Grains.Mcp;

/// <summary>One MCP session open now: the SDK's client, the tools the server offered, and for stdio its process mark and id.</summary>
internal sealed class McpLiveClient : IDisposable
{
    // The root of a stdio server's tree, watched through the runtime's own process handle: asking it whether the process
    // has exited costs no /proc read (the runtime learns a child's exit from SIGCHLD), and it is asked before every call.
    private readonly Process? _process;
    private volatile bool _hasServed;

    public McpLiveClient(McpClient client, ImmutableArray<Tool> tools, string? processMarker, int? processId)
    {
        Client = client;
        Tools = tools;
        ProcessMarker = processMarker;
        ProcessId = processId;
        _process = processId is { } pid ? Watch(pid) : null;
    }

    public McpClient Client { get; }

    /// <summary>The tools the include/exclude lists let through, with the server's own names.</summary>
    public ImmutableArray<Tool> Tools { get; }

    public string? ProcessMarker { get; }

    public int? ProcessId { get; }

    /// <summary>True once a call succeeded on this session: a server that dies after serving is worth one immediate reconnect.</summary>
    public bool HasServed
    {
        get => _hasServed;
        set => _hasServed = value;
    }

    /// <summary>False once the session ended or its process stopped running (noticed before the SDK's reader sees the pipe close).</summary>
    public bool IsAlive => !Client.Completion.IsCompleted && (ProcessId is null || ProcessRuns());

    /// <summary>Lets go of the process handle; the process itself is the connection's to stop.</summary>
    public void Dispose() => _process?.Dispose();

    private bool ProcessRuns()
    {
        try
        {
            return _process is { HasExited: false };
        }
        catch (InvalidOperationException)
        {
            // Disposed with its session: a call racing the shutdown finds the server gone.
            return false;
        }
    }

    private static Process? Watch(int pid)
    {
        try
        {
            return Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            // Gone already: the session is dead.
            return null;
        }
    }
}
