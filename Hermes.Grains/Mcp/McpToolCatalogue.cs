using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using ModelContextProtocol.Protocol;

namespace Hermes.Grains.Mcp;

/// <summary>
/// The tools of each server configuration, known to the whole silo: what the model sees of a session's server that has
/// not started (or was closed while idle). A list is recorded whenever a server of that configuration starts, when it
/// announces <c>notifications/tools/list_changed</c>, and on a reload; a configuration nobody has listed yet is listed
/// once, by one short-lived connection, however many sessions ask at the same time.
/// </summary>
/// <param name="list">Starts a server of the configuration, lists its tools (recording them here) and closes it again.</param>
internal sealed class McpToolCatalogue(Func<string, McpServerOptions, Task> list)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The tools of the configuration with <paramref name="signature"/> (include/exclude applied), or null while unknown.</summary>
    public ImmutableArray<Tool>? ToolsOf(string signature) => _entries.TryGetValue(signature, out var entry) ? entry.Tools : null;

    /// <summary>Why the last attempt to list an unknown configuration failed, if it did.</summary>
    public string? ErrorOf(string signature) => _entries.TryGetValue(signature, out var entry) ? entry.Error : null;

    public void Record(string signature, ImmutableArray<Tool> tools)
    {
        var entry = _entries.GetOrAdd(signature, _ => new Entry());
        entry.Tools = tools;
        entry.Error = null;
    }

    public void RecordFailure(string signature, string reason)
    {
        var entry = _entries.GetOrAdd(signature, _ => new Entry());
        if (entry.Tools is null)
        {
            entry.Error = reason;
        }
    }

    /// <summary>
    /// Lists the configuration unless its tools are known: one listing at a time per configuration, which every caller
    /// waits for. A failed listing is recorded (<see cref="ErrorOf"/>), not thrown.
    /// </summary>
    public async Task EnsureListedAsync(string name, McpServerOptions server, string signature, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(signature, _ => new Entry());
        if (entry.Tools is not null)
        {
            return;
        }

        Task listing;
        lock (entry)
        {
            // Not cancelled with the first caller: the others wait for the same listing. The connector bounds it.
            entry.Listing ??= ListOnceAsync(entry, name, server);
            listing = entry.Listing;
        }

        await listing.WaitAsync(cancellationToken);
    }

    private async Task ListOnceAsync(Entry entry, string name, McpServerOptions server)
    {
        try
        {
            await Task.Yield();
            await list(name, server);
        }
        finally
        {
            lock (entry)
            {
                entry.Listing = null;
            }
        }
    }

    private sealed class Entry
    {
        private volatile StrongBox<ImmutableArray<Tool>>? _tools;
        private volatile string? _error;

        public ImmutableArray<Tool>? Tools
        {
            get => _tools?.Value;
            set => _tools = value is { } tools ? new StrongBox<ImmutableArray<Tool>>(tools) : null;
        }

        public string? Error
        {
            get => _error;
            set => _error = value;
        }

        public Task? Listing { get; set; }
    }
}
