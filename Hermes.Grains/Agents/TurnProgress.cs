using Hermes.Contracts.Sessions;
using Hermes.Grains.Mcp;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Agents;

/// <summary>
/// One turn's progress, read from the tool loop's own update stream: text as it arrives, a tool call when the loop
/// streams the model's call (just before it runs it) and its end when the loop streams the result. Counts the calls.
/// </summary>
/// <param name="report">Receives the progress, when the caller shows it.</param>
internal sealed class TurnProgress(Action<TurnUpdate>? report)
{
    // Progress updates carry only the start of a tool's result.
    private const int SummaryLength = 200;

    // A result names only its call; the name comes from the call, streamed earlier in the same turn.
    private readonly Dictionary<string, string> _toolNames = [];

    /// <summary>Tool calls the loop started in this turn.</summary>
    public int ToolCalls { get; private set; }

    public void Observe(ChatResponseUpdate update)
    {
        if (update.Role != ChatRole.Tool && update.Text is { Length: > 0 } text)
        {
            report?.Invoke(new TextDelta(text));
        }

        foreach (var content in update.Contents)
        {
            switch (content)
            {
                // A call marked informational was already handled by the model's server, not by this loop.
                case FunctionCallContent { InformationalOnly: false } call:
                    ToolCalls++;
                    _toolNames[call.CallId] = call.Name;
                    report?.Invoke(new ToolCallStarted(call.CallId, call.Name, ToolArguments.ToJson(call.Arguments)));
                    break;
                case FunctionResultContent result when _toolNames.TryGetValue(result.CallId, out var name):
                    var resultText = ToolArguments.ResultText(result.Result);
                    report?.Invoke(new ToolCallFinished(
                        result.CallId,
                        name,
                        resultText.Length <= SummaryLength ? resultText : resultText[..SummaryLength] + "…",
                        result.Exception is not null || ToolResultText.IsError(resultText)));
                    break;
            }
        }
    }
}
