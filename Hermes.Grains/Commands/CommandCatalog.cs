using System.Collections.Frozen;

namespace Hermes.Grains.Commands;

/// <summary>Every command a session understands: the words that invoke it and what it does.</summary>
public static class CommandCatalog
{
    public static IReadOnlyList<(string Usage, string Description)> Entries { get; } =
    [
        ("/new", "start a new session: clears the transcript (alias /reset)"),
        ("/model [name]", "show the model in use, or make <name> this session's primary (/model default goes back)"),
        ("/retry", "send your last message again"),
        ("/undo", "remove your last message and its answer"),
        ("/status", "model, agent, MCP servers, counters and whether a turn is running"),
        ("/stop", "stop the running turn"),
        ("/usage", "tokens and cost used in this session, against each budget's cap"),
        ("/compress", "summarise the older part of the conversation now, to free the model's context"),
        ("/reload-mcp", "reconnect this session's MCP servers and refresh the agent's tools"),
        ("/help", "this list"),
    ];

    internal static FrozenDictionary<string, CommandName> Words { get; } = new Dictionary<string, CommandName>(StringComparer.Ordinal)
    {
        ["new"] = CommandName.New,
        ["reset"] = CommandName.New,
        ["model"] = CommandName.Model,
        ["retry"] = CommandName.Retry,
        ["undo"] = CommandName.Undo,
        ["status"] = CommandName.Status,
        ["stop"] = CommandName.Stop,
        ["usage"] = CommandName.Usage,
        ["help"] = CommandName.Help,
        ["reload-mcp"] = CommandName.ReloadMcp,
        ["compress"] = CommandName.Compress,
    }.ToFrozenDictionary();

    public static string HelpText => "Commands:\n" + string.Join('\n', Entries.Select(entry => $"{entry.Usage} - {entry.Description}"));
}
