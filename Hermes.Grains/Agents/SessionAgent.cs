using System.Collections.Immutable;
using Hermes.Grains.Mcp;
using Hermes.Grains.Models;
using Hermes.Grains.Sessions;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Client;

namespace Hermes.Grains.Agents;

/// <summary>
/// The live runtime of a session: its model chain and the tool-calling loop over the session's MCP tools.
/// It does not own the MCP connections; the grain holds them beside it so that a rebuilt agent reuses them.
/// </summary>
/// <remarks>Runs one turn at a time: its grain orders turns.</remarks>
public sealed class SessionAgent : IDisposable
{
    // Progress updates carry only the start of a tool's result.
    private const int SummaryLength = 200;

    private readonly ModelChainClient _chain;
    private readonly FunctionInvokingChatClient _toolLoop;
    private readonly ImmutableArray<AITool> _tools;
    private readonly ImmutableDictionary<string, TimeSpan> _toolTimeouts;
    private int _toolCalls;
    private Action<TurnUpdate>? _report;

    internal SessionAgent(AgentBlueprint blueprint, ModelChainClient chain, McpSessionHandles mcp)
    {
        Blueprint = blueprint;
        _chain = chain;
        _tools = mcp.Tools;
        _toolTimeouts = mcp.ToolTimeouts;
        _toolLoop = new FunctionInvokingChatClient(chain)
        {
            MaximumIterationsPerRequest = blueprint.MaxIterations,
            FunctionInvoker = InvokeToolAsync,
        };
    }

    public AgentBlueprint Blueprint { get; }

    /// <summary>Runs the tool loop for one user message on top of the model context of earlier turns.</summary>
    /// <param name="context">The messages of earlier turns the model should see.</param>
    /// <param name="userText">The user's message.</param>
    /// <param name="report">Receives text deltas and tool calls as they happen, when the caller shows progress.</param>
    /// <param name="cancellationToken">Cancels the model call and any tool call in flight; the turn then ends interrupted.</param>
    public async Task<AgentTurn> RunAsync(IEnumerable<ChatMessage> context, string userText, Action<TurnUpdate>? report, CancellationToken cancellationToken)
    {
        var models = _chain.BeginTurn();
        _toolCalls = 0;
        _report = report;
        List<ChatMessage> messages = [];
        if (!string.IsNullOrWhiteSpace(Blueprint.SystemPrompt))
        {
            messages.Add(new ChatMessage(ChatRole.System, Blueprint.SystemPrompt));
        }

        messages.AddRange(context);
        messages.Add(new ChatMessage(ChatRole.User, userText));
        var options = new ChatOptions { Tools = _tools.IsEmpty ? null : [.. _tools] };
        try
        {
            // Always streamed, so that progress can be shown and a stop takes effect in the middle of an answer.
            List<ChatResponseUpdate> updates = [];
            await foreach (var update in _toolLoop.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                updates.Add(update);
                if (update.Role != ChatRole.Tool && update.Text is { Length: > 0 } text)
                {
                    report?.Invoke(new TextDelta(text));
                }
            }

            return AgentTurn.Completed(updates.ToChatResponse(), models, _toolCalls);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return AgentTurn.Interrupted(models, _toolCalls);
        }
        catch (ModelChainException failure)
        {
            return AgentTurn.Failed(failure.Errors, models, _toolCalls);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return AgentTurn.Failed([ModelErrorClassifier.Classify(exception, models.ModelUsed)], models, _toolCalls);
        }
        finally
        {
            _report = null;
        }
    }

    public void Dispose() => _toolLoop.Dispose();

    // Tool errors are data: a failure or a timeout becomes the tool's result, which the model reads; the turn goes on.
    private async ValueTask<object?> InvokeToolAsync(FunctionInvocationContext context, CancellationToken cancellationToken)
    {
        _toolCalls++;
        var name = context.Function.Name;
        var callId = context.CallContent.CallId;
        _report?.Invoke(new ToolCallStarted(callId, name, ToolArguments.ToJson(context.Arguments)));
        var (result, failed) = await CallToolAsync(context, cancellationToken);
        _report?.Invoke(new ToolCallFinished(callId, name, result.Length <= SummaryLength ? result : result[..SummaryLength] + "…", failed));
        return result;
    }

    private async Task<(string Result, bool Failed)> CallToolAsync(FunctionInvocationContext context, CancellationToken cancellationToken)
    {
        var name = context.Function.Name;
        var timeout = _toolTimeouts.GetValueOrDefault(name, Blueprint.ToolCallTimeout);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            if (context.Function is McpClientTool tool)
            {
                var result = await tool.CallAsync(context.Arguments, cancellationToken: deadline.Token);
                return (ToolResultText.From(result), result.IsError == true);
            }

            var value = await context.Function.InvokeAsync(context.Arguments, deadline.Token);
            return (ToolArguments.ResultText(value), false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ($"Error: the tool '{name}' did not answer within {timeout.TotalSeconds:0.#} s.", true);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return ($"Error: the tool '{name}' failed: {exception.Message}", true);
        }
    }
}
