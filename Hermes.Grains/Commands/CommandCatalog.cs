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
        ("/approve [id] [always]", "let a tool call that waits for approval run (always: allow that tool for the rest of the session)"),
        ("/deny [id] [reason]", "refuse a tool call that waits for approval; /deny <tool> hides a tool from the agent in this session"),
        ("/allow <tool>", "let a tool run without asking in this session, where the operator allows it (globs too)"),
        ("/tools", "the agent's tools and their approval policy"),
        ("/every <interval|cron> [at HH:mm] <prompt>", "run <prompt> as a turn on a schedule (e.g. /every day at 08:00 summarise my inbox)"),
        ("/at <date time> <prompt>", "run <prompt> once at a time (e.g. /at 2026-12-01 09:00 …)"),
        ("/in <duration> <prompt>", "run <prompt> once after a while (e.g. /in 20m …)"),
        ("/schedules", "this session's schedules and their next due time"),
        ("/unschedule <id>", "remove a schedule"),
        ("/timezone [IANA id]", "show or set the time zone of schedules (e.g. /timezone Europe/Paris)"),
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
        ["approve"] = CommandName.Approve,
        ["deny"] = CommandName.Deny,
        ["allow"] = CommandName.Allow,
        ["tools"] = CommandName.Tools,
        ["every"] = CommandName.Every,
        ["at"] = CommandName.At,
        ["in"] = CommandName.In,
        ["schedules"] = CommandName.Schedules,
        ["unschedule"] = CommandName.Unschedule,
        ["timezone"] = CommandName.TimeZone,
        ["compress"] = CommandName.Compress,
    }.ToFrozenDictionary();

    public static string HelpText => "Commands:\n" + string.Join('\n', Entries.Select(entry => $"{entry.Usage} - {entry.Description}"));
}
