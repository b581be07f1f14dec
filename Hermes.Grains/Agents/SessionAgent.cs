using System.Collections.Immutable;
using Hermes.Grains.Mcp;
using Hermes.Grains.Models;
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
    private readonly ModelChainClient _chain;
    private readonly FunctionInvokingChatClient _toolLoop;
    private readonly ImmutableArray<AITool> _tools;
    private readonly ImmutableDictionary<string, TimeSpan> _toolTimeouts;
    private int _toolCalls;

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
    public async Task<AgentTurn> RunAsync(IEnumerable<ChatMessage> context, string userText, CancellationToken cancellationToken)
    {
        var models = _chain.BeginTurn();
        _toolCalls = 0;
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
            var response = await _toolLoop.GetResponseAsync(messages, options, cancellationToken);
            return AgentTurn.Completed(response, models, _toolCalls);
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
    }

    public void Dispose() => _toolLoop.Dispose();

    // Tool errors are data: a failure or a timeout becomes the tool's result, which the model reads; the turn goes on.
    private async ValueTask<object?> InvokeToolAsync(FunctionInvocationContext context, CancellationToken cancellationToken)
    {
        _toolCalls++;
        var name = context.Function.Name;
        var timeout = _toolTimeouts.GetValueOrDefault(name, Blueprint.ToolCallTimeout);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            if (context.Function is McpClientTool tool)
            {
                return ToolResultText.From(await tool.CallAsync(context.Arguments, cancellationToken: deadline.Token));
            }

            return await context.Function.InvokeAsync(context.Arguments, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"Error: the tool '{name}' did not answer within {timeout.TotalSeconds:0.#} s.";
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return $"Error: the tool '{name}' failed: {exception.Message}";
        }
    }
}
