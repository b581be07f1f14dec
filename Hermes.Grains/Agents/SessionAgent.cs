using System.Collections.Immutable;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Contracts.Turns;
using Hermes.Grains.Compaction;
using Hermes.Grains.Mcp;
using Hermes.Grains.Models;
using Hermes.ServiceDefaults.Secrets;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Agents;

/// <summary>
/// The live runtime of a session: its model pipeline (<see cref="ModelPipeline.ForAgent"/>: the tool loop over the
/// model chain, over model clients it leases from the silo) and the session's MCP tools.
/// It does not own the MCP connections; the grain holds them beside it so that a rebuilt agent reuses them, and can hand
/// it new ones (<see cref="UseMcp"/>) without rebuilding it. The tools are read from the handles at the start of each turn.
/// </summary>
/// <remarks>Runs one turn at a time: its grain orders turns. Everything a turn changes is the turn's own.</remarks>
public sealed class SessionAgent : IDisposable
{
    private readonly IChatClient _pipeline;
    private readonly ImmutableArray<ModelClientLease> _modelClients;
    private readonly SecretRedactor _redactor;
    private readonly ToolLoopGuardOptions _loopGuard;
    private McpSessionHandles _mcp;

    internal SessionAgent(
        AgentBlueprint blueprint,
        IChatClient pipeline,
        ImmutableArray<ModelClientLease> modelClients,
        McpSessionHandles mcp,
        SecretRedactor redactor,
        AgentContextWindow window,
        ToolLoopGuardOptions loopGuard)
    {
        _redactor = redactor;
        _loopGuard = loopGuard;
        Window = window;
        Blueprint = blueprint;
        _pipeline = pipeline;
        _modelClients = modelClients;
        _mcp = mcp;
    }

    public AgentBlueprint Blueprint { get; }

    /// <summary>The primary model's window, the agent's token estimate and its summariser, for compaction.</summary>
    public AgentContextWindow Window { get; }

    /// <summary>Has the summarising model answer <paramref name="prompt"/> (a compaction's summary); the call is not a turn's.</summary>
    public async Task<SummaryAnswer> SummarizeAsync(IList<ChatMessage> prompt, CancellationToken cancellationToken)
    {
        var models = new ModelTurnLog();
        var response = await Window.Summarizer.GetResponseAsync(prompt, models.AttachTo(new ChatOptions()), cancellationToken);
        var usage = response.Usage is { } reported ? new TokenUsage(reported.InputTokenCount ?? 0, reported.OutputTokenCount ?? 0) : TokenUsage.None;
        return new SummaryAnswer(response.Text, usage, models.ModelUsed);
    }

    /// <summary>Calls the session's MCP servers through <paramref name="mcp"/> from the next turn on (after a reload).</summary>
    public void UseMcp(McpSessionHandles mcp) => _mcp = mcp;

    /// <summary>Runs the tool loop for one user message on top of the model context of earlier turns.</summary>
    /// <param name="context">The messages of earlier turns the model should see.</param>
    /// <param name="userText">The user's message.</param>
    /// <param name="report">Receives text deltas and tool calls as they happen, when the caller shows progress.</param>
    /// <param name="cancellationToken">Cancels the model call and any tool call in flight; the turn then ends interrupted.</param>
    /// <param name="directives">A client's instructions and sampling options for this turn only.</param>
    public Task<AgentTurn> RunAsync(
        IEnumerable<ChatMessage> context, string userText, Action<TurnUpdate>? report, CancellationToken cancellationToken, TurnDirectives? directives = null) =>
        RunAsync(context, [new ChatMessage(ChatRole.User, userText)], tools => tools, report, cancellationToken, directives);

    /// <summary>
    /// Runs the tool loop on <paramref name="input"/> (a user's message, or a paused turn with the answers to its approval
    /// requests) on top of the model context of earlier turns, offering the tools <paramref name="offer"/> lets through.
    /// </summary>
    /// <param name="offer">Chooses the turn's tools from the session's MCP tools: leaves some out, marks some as needing approval.</param>
    public async Task<AgentTurn> RunAsync(
        IEnumerable<ChatMessage> context,
        IReadOnlyList<ChatMessage> input,
        Func<IEnumerable<AITool>, IEnumerable<AITool>> offer,
        Action<TurnUpdate>? report,
        CancellationToken cancellationToken,
        TurnDirectives? directives = null)
    {
        var models = new ModelTurnLog();
        var progress = new TurnProgress(report);
        List<ChatMessage> messages = [];
        if (!string.IsNullOrWhiteSpace(Blueprint.SystemPrompt))
        {
            messages.Add(new ChatMessage(ChatRole.System, Blueprint.SystemPrompt));
        }

        if (directives?.Instructions is { Length: > 0 } instructions)
        {
            messages.Add(new ChatMessage(ChatRole.System, instructions));
        }

        if (UnavailableServersNote(_mcp.Servers) is { } note)
        {
            messages.Add(new ChatMessage(ChatRole.System, note));
        }

        messages.AddRange(context);
        messages.AddRange(input);
        List<AITool> tools = [.. offer(_mcp.Tools)];
        var guard = new ToolLoopGuard(_loopGuard);
        var options = guard.AttachTo(models.AttachTo(new ChatOptions
        {
            Tools = tools.Count == 0 ? null : tools,
        }));
        directives?.Options?.ApplyTo(options);

        // Kept outside the try: a turn that fails or is stopped half-way still used the tokens of its model calls so far.
        List<ChatResponseUpdate> updates = [];
        try
        {
            // Always streamed, so that progress can be shown and a stop takes effect in the middle of an answer.
            await foreach (var update in _pipeline.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                updates.Add(update);
                progress.Observe(update);
            }

            var response = updates.ToChatResponse();
            if (guard.StopReason is { } stopped)
            {
                // The guard ended the loop after a tool result: its explanation is the turn's answer, kept in the history.
                response.Messages.Add(new ChatMessage(ChatRole.Assistant, stopped));
                progress.Observe(new ChatResponseUpdate(ChatRole.Assistant, stopped));
            }

            return AgentTurn.Completed(response, models, progress.ToolCalls, UsageOf(updates));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return AgentTurn.Interrupted(models, progress.ToolCalls, UsageOf(updates));
        }
        catch (ModelChainException failure)
        {
            return AgentTurn.Failed(failure.Errors, models, progress.ToolCalls, UsageOf(updates));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return AgentTurn.Failed([ModelErrorClassifier.Classify(exception, models.ModelUsed, _redactor)], models, progress.ToolCalls, UsageOf(updates));
        }
    }

    public void Dispose()
    {
        _pipeline.Dispose();
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
}
