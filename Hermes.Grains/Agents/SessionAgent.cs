using System.Collections.Immutable;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Mcp;
using Hermes.Grains.Models;
using Hermes.Grains.Sessions;
using Hermes.ServiceDefaults.Secrets;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Agents;

/// <summary>
/// The live runtime of a session: its model chain (over model clients it leases from the silo) and the tool-calling loop
/// over the session's MCP tools.
/// It does not own the MCP connections; the grain holds them beside it so that a rebuilt agent reuses them, and can hand
/// it new ones (<see cref="UseMcp"/>) without rebuilding it. The tools are read from the handles at the start of each turn.
/// </summary>
/// <remarks>Runs one turn at a time: its grain orders turns.</remarks>
public sealed class SessionAgent : IDisposable
{
    // Progress updates carry only the start of a tool's result.
    private const int SummaryLength = 200;

    private readonly ModelChainClient _chain;
    private readonly ImmutableArray<ModelClientLease> _modelClients;
    private readonly FunctionInvokingChatClient _toolLoop;
    private readonly SecretRedactor _redactor;
    private McpSessionHandles _mcp;
    private int _toolCalls;
    private Action<TurnUpdate>? _report;

    internal SessionAgent(AgentBlueprint blueprint, ModelChainClient chain, ImmutableArray<ModelClientLease> modelClients, McpSessionHandles mcp, SecretRedactor redactor)
    {
        _redactor = redactor;
        Blueprint = blueprint;
        _chain = chain;
        _modelClients = modelClients;
        _mcp = mcp;
        _toolLoop = new FunctionInvokingChatClient(chain)
        {
            MaximumIterationsPerRequest = blueprint.MaxIterations,
            FunctionInvoker = InvokeToolAsync,
        };
    }

    public AgentBlueprint Blueprint { get; }

    /// <summary>Calls the session's MCP servers through <paramref name="mcp"/> from the next turn on (after a reload).</summary>
    public void UseMcp(McpSessionHandles mcp) => _mcp = mcp;

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

        if (UnavailableServersNote(_mcp.Servers) is { } note)
        {
            messages.Add(new ChatMessage(ChatRole.System, note));
        }

        messages.AddRange(context);
        messages.Add(new ChatMessage(ChatRole.User, userText));
        var tools = _mcp.Tools;
        var options = new ChatOptions { Tools = tools.IsEmpty ? null : [.. tools] };

        // Kept outside the try: a turn that fails or is stopped half-way still used the tokens of its model calls so far.
        List<ChatResponseUpdate> updates = [];
        try
        {
            // Always streamed, so that progress can be shown and a stop takes effect in the middle of an answer.
            await foreach (var update in _toolLoop.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                updates.Add(update);
                if (update.Role != ChatRole.Tool && update.Text is { Length: > 0 } text)
                {
                    report?.Invoke(new TextDelta(text));
                }
            }

            return AgentTurn.Completed(updates.ToChatResponse(), models, _toolCalls, UsageOf(updates));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return AgentTurn.Interrupted(models, _toolCalls, UsageOf(updates));
        }
        catch (ModelChainException failure)
        {
            return AgentTurn.Failed(failure.Errors, models, _toolCalls, UsageOf(updates));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return AgentTurn.Failed([ModelErrorClassifier.Classify(exception, models.ModelUsed, _redactor)], models, _toolCalls, UsageOf(updates));
        }
        finally
        {
            _report = null;
        }
    }

    public void Dispose()
    {
        _toolLoop.Dispose();
        foreach (var lease in _modelClients)
        {
            lease.Dispose();
        }
    }

    private static TokenUsage UsageOf(IEnumerable<ChatResponseUpdate> updates) => updates
        .SelectMany(update => update.Contents.OfType<UsageContent>())
        .Aggregate(TokenUsage.None, (total, usage) => total.Add(new TokenUsage(usage.Details.InputTokenCount ?? 0, usage.Details.OutputTokenCount ?? 0)));

    // The model is told which servers could not be reached, so that it neither looks for their tools nor blames itself.
    private static string? UnavailableServersNote(IEnumerable<McpServerStatus> servers)
    {
        var failed = servers.Where(server => server.State == McpServerState.Failed).Select(server => $"'{server.Name}' ({server.Error})").ToArray();
        return failed.Length == 0
            ? null
            : $"These MCP servers could not be reached for this turn, so their tools are absent: {string.Join("; ", failed)}.";
    }

    // Tool errors are data: a failure or a timeout becomes the tool's result, which the model reads; the turn goes on.
    // An MCP tool's server bounds its own calls (its `timeout`); other tools get the agent's.
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
        var timeout = Blueprint.ToolCallTimeout;
        try
        {
            if (context.Function is McpToolFunction tool)
            {
                // The tool's server bounds the call with its own timeout and reports its failures as tool errors.
                var result = await tool.CallAsync(context.Arguments, cancellationToken);
                return (ToolResultText.From(result), result.IsError == true);
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
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
