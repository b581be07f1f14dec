using System.Collections.Immutable;
using Hermes.Contracts.Responses;
using Hermes.Contracts.Sessions;

namespace Hermes.Client.Api.Responses;

/// <summary>Collects a turn's tool calls from its progress, for the response's <c>mcp_call</c> output items.</summary>
public sealed class ToolCallLog
{
    private readonly Dictionary<string, ToolCallStarted> _started = new(StringComparer.Ordinal);
    private readonly List<StoredToolCall> _finished = [];

    public ImmutableArray<StoredToolCall> Calls => [.. _finished];

    public void Observe(TurnUpdate update)
    {
        switch (update)
        {
            case ToolCallStarted started:
                _started[started.CallId] = started;
                break;
            case ToolCallFinished finished:
                var arguments = _started.TryGetValue(finished.CallId, out var call) ? call.ArgumentsJson : "{}";
                _finished.Add(new StoredToolCall(finished.CallId, finished.ToolName, arguments, finished.Summary, finished.Failed));
                break;
        }
    }
}
