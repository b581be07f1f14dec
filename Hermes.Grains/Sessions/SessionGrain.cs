using System.Collections.Immutable;
using System.Diagnostics;
using Hermes.Contracts.Budgets;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Contracts.Turns;
using Hermes.Grains.Agents;
using Hermes.Grains.Approvals;
using Hermes.Grains.Commands;
using Hermes.Grains.Compaction;
using Hermes.Grains.Mcp;
using Hermes.Grains.Telemetry;
using Hermes.Grains.Watchdog;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Hermes.Grains.Sessions;

/// <summary>
/// One conversation (DESIGN §2). It receives a message, orders it, runs it, decides the agent's fate and records the
/// turn, each through a part of its own: the <see cref="DeliveryLog"/> (once per message id), the
/// <see cref="TurnScheduler"/> (one turn at a time, control commands at once), the <see cref="AgentSlot"/> (the cached
/// agent, the MCP handles beside it and the eviction rule) and the <see cref="Conversation"/> (the durable transcript).
/// </summary>
/// <remarks>Reentrant, so that <c>/stop</c>, <c>/status</c> and <c>/new</c> are answered while a turn runs.</remarks>
[GrainType("session")]
[Reentrant]
public sealed partial class SessionGrain : Grain, ISessionGrain
{
    private readonly IPersistentState<SessionState> _state;
    private readonly IAgentFactory _agents;
    private readonly IOptionsMonitor<SessionOptions> _options;
    private readonly HermesMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly TurnScheduler _turns;
    private readonly DeliveryLog _delivery;
    private readonly AgentSlot _slot;
    private readonly SessionWriter _writer;
    private readonly TranscriptArchive _archive;
    private readonly SessionSchedules _schedules;
    private readonly SessionCompaction _compaction;
    private readonly TurnBudgets _budgets;
    private readonly IOptionsMonitor<WatchdogOptions> _watchdog;
    private readonly ILogger<SessionGrain> _logger;

    public SessionGrain(
        [PersistentState("session", SessionStorage.ProviderName)] IPersistentState<SessionState> state,
        IAgentFactory agents,
        IMcpConnectionPool mcpPool,
        IOptionsMonitor<SessionOptions> options,
        HermesMetrics metrics,
        TimeProvider time,
        ILogger<SessionGrain> logger,
        SessionCompaction compaction,
        IOptionsMonitor<WatchdogOptions> watchdog)
    {
        (_compaction, _watchdog, _logger) = (compaction, watchdog, logger);

        // One copy of the key for every part: each call of GetPrimaryKeyString makes a new string, kept by the part.
        var key = this.GetPrimaryKeyString();
        _budgets = new TurnBudgets(GrainFactory, key, time, logger);
        (_state, _agents, _options, _metrics, _time) = (state, agents, options, metrics, time);
        _turns = new TurnScheduler(() => _options.CurrentValue.MaxQueuedMessages);
        _delivery = new DeliveryLog(() => State.Delivered);
        _slot = new AgentSlot(agents, mcpPool, metrics, key, () => State);
        _writer = new SessionWriter(state, _delivery, metrics, DeactivateOnIdle, logger, key);
        _archive = new TranscriptArchive(GrainFactory, key);
        _schedules = new SessionSchedules(GrainFactory, key);
    }

    private SessionState State => _state.State;

    private Conversation Conversation => new(State);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Conversation.StartIfNew(_time.GetUtcNow());
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _writer.Close();
        await _turns.FinishAsync(cancellationToken);
        var counters = State.Counters;
        await _slot.CloseAsync(reason.ReasonCode == DeactivationReasonCode.ShuttingDown ? AgentDropReason.SiloShutdown : AgentDropReason.Deactivated, cancellationToken);
        await _writer.WriteClosingCountersAsync(counters, cancellationToken);
        await _budgets.SettledAsync();
        if (_unclaimed is { } unclaimed)
        {
            await unclaimed.CloseAsync(cancellationToken);
        }
    }

    public Task<TurnResult> SendAsync(string text, string? messageId, CancellationToken cancellationToken) =>
        SendTurnAsync(new TurnRequest(text, messageId), cancellationToken);

    public IAsyncEnumerable<TurnUpdate> StreamAsync(string text, string? messageId, CancellationToken cancellationToken) =>
        StreamTurnAsync(new TurnRequest(text, messageId), cancellationToken);

    public Task<TurnResult> SendTurnAsync(TurnRequest request, CancellationToken cancellationToken) =>
        ReceiveAsync(request, progress: null, cancellationToken);

    public IAsyncEnumerable<TurnUpdate> StreamTurnAsync(TurnRequest request, CancellationToken cancellationToken) =>
        TurnStream.RunAsync((progress, token) => ReceiveAsync(request, progress, token), _options.CurrentValue.StreamHeartbeat, _time, cancellationToken);

    public async Task<SessionSnapshot> GetSnapshotAsync() => Snapshot() with { Schedules = await _schedules.ListAsync() };

    public Task<ImmutableArray<TranscriptMessage>> GetTranscriptAsync(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Task.FromResult(State.Transcript.TakeLast(count).ToImmutableArray());
    }

    public Task<ImmutableArray<TranscriptMessage>> GetArchivedPageAsync(string? sessionId, int page)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(page);
        return _archive.ReadAsync(sessionId ?? State.SessionId, page);
    }

    public async Task<ImmutableArray<McpServerStatus>> ReloadMcpAsync(CancellationToken cancellationToken)
    {
        await OrderedAsync(new TurnContext(null, null, cancellationToken), TurnAdmission.Priority, turn => ReloadMcpInTurnAsync(null, turn));
        cancellationToken.ThrowIfCancellationRequested();
        return _slot.Servers;
    }

    public Task ReleaseAsync() => OrderedAsync(new TurnContext(null, null, CancellationToken.None), TurnAdmission.Priority, async turn =>
        await _writer.WriteAsync(turn, Answer(null, "Released the agent and the MCP connections.", dropped: await _slot.ReleaseAsync())));

    /// <summary>Receives a message: refuses it or answers it again when it was handled before, else handles it, inside a <c>hermes.turn</c> span.</summary>
    private async Task<TurnResult> ReceiveAsync(TurnRequest request, Action<TurnUpdate>? progress, CancellationToken cancellationToken)
    {
        var (text, messageId) = (request.Text, request.MessageId);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException("The message has no text: it is empty or only whitespace.", nameof(text));
        }

        _writer.ThrowIfUnavailable();
        using var activity = TurnTracing.Start(this.GetPrimaryKeyString());
        var result = await DeliverAsync(request, token => _delivery.DeliverOnceAsync(messageId, text, token => HandleAsync(request, new TurnContext(messageId, progress, token)), token), cancellationToken);
        progress?.Invoke(new TurnFinished(result));
        TurnTracing.Finish(activity, result);
        return result;
    }

    /// <summary>Dispatches a message: control commands at once, everything that changes the session in turn order.</summary>
    private Task<TurnResult> HandleAsync(TurnRequest request, TurnContext context)
    {
        if (!SlashCommandParser.TryParse(request.Text, out var command))
        {
            var admission = _options.CurrentValue.WhileBusy == BusyMode.Interrupt ? TurnAdmission.Interrupt : TurnAdmission.Queue;
            return OrderedAsync(context, admission, turn => RunMessageAsync(request, turn));
        }

        return command.Name switch
        {
            CommandName.Help => Answered(command, CommandCatalog.HelpText),
            CommandName.Status => StatusAsync(command),
            CommandName.Usage => UsageAsync(command),
            CommandName.Compress => OrderedAsync(context, TurnAdmission.Queue, turn => CompressAsync(command, turn)),
            CommandName.Model when command.Argument is null => Answered(command, $"Model: {SessionReports.Model(Snapshot())}"),
            CommandName.Model => OrderedAsync(context, TurnAdmission.Queue, turn => ChooseModelAsync(command, turn)),
            CommandName.Stop => StoppedAsync(command),
            CommandName.New => StartNewSessionAsync(command, context),
            CommandName.Undo => OrderedAsync(context, TurnAdmission.Queue, turn => UndoAsync(command, turn)),
            CommandName.Retry => OrderedAsync(context, TurnAdmission.Queue, turn => RetryAsync(command, turn)),
            CommandName.ReloadMcp => OrderedAsync(context, TurnAdmission.Queue, turn => ReloadMcpInTurnAsync(command, turn)),
            CommandName.Approve or CommandName.Deny => OrderedAsync(context, TurnAdmission.Queue, turn => DecideAsync(command, turn)),
            CommandName.Allow => OrderedAsync(context, TurnAdmission.Queue, turn => SetToolPolicyAsync(command, turn)),
            CommandName.Tools => Answered(command, ToolsText()),
            _ when SessionSchedules.Answers(command.Name) => SchedulesAnsweredAsync(command),
            _ => Answered(command, $"Unknown command {command.Typed}. {CommandCatalog.HelpText}"),
        };
    }

    private Task<TurnResult> OrderedAsync(TurnContext context, TurnAdmission admission, Func<TurnContext, Task<TurnResult>> work) =>
        _turns.RunAsync(context, admission, turn =>
        {
            _writer.ThrowIfUnavailable();
            return work(turn);
        }, (reply, outcome) => Answer(null, reply, outcome));

    /// <summary>
    /// One turn of the agent: build or reuse the agent, run the tool loop, apply the eviction rule, record. Or the rest of
    /// a turn that paused for approval (<paramref name="resumed"/>), once its tool calls are decided.
    /// </summary>
    /// <param name="approvalNotice">What happened to pending approvals before this turn, for the user.</param>
    private async Task<TurnResult> RunTurnAsync(TurnRequest request, TurnContext turn, PausedTurn? resumed = null, string? approvalNotice = null)
    {
        var (text, directives) = (request.Text, request.Directives);
        var started = Stopwatch.GetTimestamp();
        if (await _budgets.ExhaustedAsync() is { } exhausted)
        {
            return Refused(exhausted);
        }

        var notice = resumed is null ? SessionResetPolicy.Check(_options.CurrentValue.Reset, State.LastActivityAt, _time.GetUtcNow()) : null;
        if (notice is not null)
        {
            await ResetConversationAsync();
        }

        notice = Join(approvalNotice, notice);

        if (_agents.Describe(State.ModelOverride, this.GetPrimaryKeyString()) is not { } blueprint)
        {
            return await RecordAsync(turn, text, AgentTurn.Failed([TurnReplies.NotConfigured], new(), 0, TokenUsage.None), AgentFate.NotBuilt, null, null, notice, started);
        }

        (SessionAgent Agent, TimeSpan? BuildTime) prepared;
        try
        {
            prepared = await _slot.PrepareAsync(blueprint, turn.Cancellation);
        }
        catch (OperationCanceledException) when (turn.Cancellation.IsCancellationRequested)
        {
            return await RecordAsync(turn, text, AgentTurn.Interrupted(new(), 0, TokenUsage.None), AgentFate.NotBuilt, null, null, notice, started);
        }

        // Compaction changes the session's own context, so neither a paused turn's rest nor a turn that records nothing compacts.
        var compaction = resumed is null && directives is not { Record: false }
            ? await _compaction.CompactAsync(prepared.Agent, State, text, force: false, turn.Cancellation)
            : null;
        var context = await ModelContextAsync(directives);
        var gate = Approvals.Gate(ApprovalServices.Servers);

        // A turn that records nothing cannot wait for a decision (there would be nothing to resume), so it is not offered
        // the tools that need one.
        Func<IEnumerable<AITool>, IEnumerable<AITool>> offer = directives is { Record: false }
            ? tools => gate.Offer(tools).Where(tool => tool is not ApprovalRequiredAIFunction)
            : gate.Offer;
        var input = resumed is null ? [new ChatMessage(ChatRole.User, text)] : PausedTurnMessages.ResumeInput(resumed);
        var outcome = await TurnWatchdog.RunAsync(
            (progress, token) => prepared.Agent.RunAsync(context, input, offer, progress, token, directives), turn.Progress, _watchdog.CurrentValue, _time, turn.Cancellation);
        outcome = compaction is null ? outcome : outcome with { Usage = outcome.Usage.Add(compaction.Usage) };
        if (PausedTurnMessages.Requests(outcome.Messages).Count > 0)
        {
            return await PauseAsync(text, outcome, resumed, gate, turn, notice, started, prepared.BuildTime);
        }

        outcome = resumed is null ? outcome : Resumed(resumed, outcome);
        var dropped = _slot.Settle(outcome);
        if (directives is { Record: false })
        {
            return Unrecorded(outcome, dropped, prepared.BuildTime, started);
        }

        return await RecordAsync(turn, text, outcome, dropped is null ? AgentFate.Kept : AgentFate.Dropped, dropped, prepared.BuildTime, notice, started);
    }

    /// <summary><c>/new</c>: stops the running turn and withdraws waiting messages, then starts a clean conversation.</summary>
    private Task<TurnResult> StartNewSessionAsync(SlashCommand command, TurnContext context)
    {
        _turns.CancelAll();
        return OrderedAsync(context, TurnAdmission.Priority, async turn =>
        {
            var dropped = await ResetConversationAsync();
            return await _writer.WriteAsync(turn, Answer(command, "Started a new session.", dropped: dropped));
        });
    }

    private async Task<TurnResult> ChooseModelAsync(SlashCommand command, TurnContext turn)
    {
        if (!Conversation.ChooseModel(command.Argument!))
        {
            return Answer(command, $"'{command.Argument}' is not a model id. Usage: /model <name>, or /model default.");
        }

        var dropped = _slot.Drop(AgentDropReason.ModelChanged);
        return await _writer.WriteAsync(turn, Answer(command, $"Model: {SessionReports.Model(Snapshot())}. The next message uses it.", dropped: dropped));
    }

    /// <summary><c>/compress</c>: compacts the conversation now and says how many tokens that saved.</summary>
    private async Task<TurnResult> CompressAsync(SlashCommand command, TurnContext turn)
    {
        if (await _budgets.ExhaustedAsync() is { } exhausted)
        {
            return Refused(exhausted);
        }

        if (_agents.Describe(State.ModelOverride) is not { } blueprint)
        {
            return Answer(command, TurnReplies.NotConfigured.Message);
        }

        var (agent, _) = await _slot.PrepareAsync(blueprint, turn.Cancellation);
        if (await _compaction.CompactAsync(agent, State, nextUserText: null, force: true, turn.Cancellation) is not { } result)
        {
            return Answer(command, agent.Window.ContextLength is null ? CompactionReplies.NoWindow : CompactionReplies.NothingToCompact);
        }

        State.Usage = State.Usage.Add(result.Usage);
        _budgets.Charge(result.Summary?.Model, result.Usage);
        return await _writer.WriteAsync(turn, Answer(command, CompactionReplies.For(result)));
    }

    private async Task<TurnResult> UsageAsync(SlashCommand command) => Answer(
        command, string.Join('\n', [SessionReports.Usage(Snapshot()), .. (await _budgets.StandingsAsync()).Select(BudgetReports.Line)]));

    /// <summary>A message refused before any model call because a budget's cap is reached; nothing is recorded.</summary>
    private TurnResult Refused(BudgetStanding exhausted)
    {
        var reply = BudgetReports.Refusal(exhausted);
        return Answer(null, reply, TurnOutcome.Failed) with { Error = new TurnError(ErrorKind.BudgetExceeded, reply) };
    }

    private async Task<TurnResult> UndoAsync(SlashCommand command, TurnContext turn) => Conversation.TakeLastExchange() is { } removed
        ? await _writer.WriteAsync(turn, Answer(command, $"Removed your last message (\"{(removed.Length <= 60 ? removed : removed[..60] + "…")}\") and its answer."))
        : Answer(command, "Nothing to undo.");

    private async Task<TurnResult> RetryAsync(SlashCommand command, TurnContext turn) => Conversation.TakeLastExchange() is { } text
        ? await RunTurnAsync(new TurnRequest(text), turn)
        : Answer(command, "Nothing to retry.");

    private async Task<TurnResult> ReloadMcpInTurnAsync(SlashCommand? command, TurnContext turn)
    {
        var servers = await _slot.ReloadMcpAsync(turn.Cancellation);
        return await _writer.WriteAsync(turn, Answer(command, $"Reloaded the MCP servers: {SessionReports.McpServers(servers)}."));
    }

    /// <summary>Archives the conversation and starts a clean one; returns the agent's drop, if one was cached.</summary>
    private async Task<AgentDropReason?> ResetConversationAsync()
    {
        await _archive.MoveAsync(Conversation, State.SessionId, Conversation.PageToArchive(State.Transcript.Count));
        Conversation.StartNew(_time.GetUtcNow());
        Approvals.StartOver();
        return await _slot.StartOverAsync(_options.CurrentValue.ReleaseMcpOnNew);
    }

    /// <summary>
    /// What the model sees before the message: the session's context, after following a client's history that differs
    /// from it (the current conversation archived, a new one started from the client's). A turn not kept changes nothing
    /// and reads the client's history directly.
    /// </summary>
    private async Task<IEnumerable<Microsoft.Extensions.AI.ChatMessage>> ModelContextAsync(TurnDirectives? directives)
    {
        if (directives?.History is not { } history)
        {
            return Conversation.ModelContext;
        }

        if (!directives.Record)
        {
            return TranscriptMapper.ToModelContext(ClientHistory.InContext(history));
        }

        if (!ClientHistory.Agrees(State, history))
        {
            if (State.Transcript.Count > 0 || State.ArchivedPages > 0)
            {
                await _archive.MoveAsync(Conversation, State.SessionId, Conversation.PageToArchive(State.Transcript.Count));
                Conversation.StartNew(_time.GetUtcNow());
            }

            ClientHistory.Seed(State, history, _time.GetUtcNow());
        }

        return Conversation.ModelContext;
    }

    /// <summary>The result of a turn that is not kept (<see cref="TurnDirectives.Record"/> false): nothing recorded, nothing written.</summary>
    private TurnResult Unrecorded(AgentTurn outcome, AgentDropReason? dropped, TimeSpan? buildTime, long started)
    {
        var duration = Stopwatch.GetElapsedTime(started);
        TurnMetrics.Record(_metrics, outcome, duration);
        return new TurnResult(State.TurnCount, outcome.Outcome, TurnReplies.For(outcome), outcome.Models.ModelUsed, outcome.Models.FallbackUsed,
            outcome.Errors.FirstOrDefault(), outcome.Models.ApiCalls, outcome.ToolCalls, outcome.Usage, dropped is null ? AgentFate.Kept : AgentFate.Dropped, dropped, duration, buildTime);
    }

    /// <summary>Records the turn in the conversation and persists it before the reply goes back to the caller.</summary>
    private async Task<TurnResult> RecordAsync(
        TurnContext turn, string userText, AgentTurn outcome, AgentFate fate, AgentDropReason? dropped, TimeSpan? buildTime, string? notice, long started)
    {
        var (number, reply, error) = Conversation.Record(userText, outcome, _time.GetUtcNow());
        await _archive.MoveAsync(Conversation, State.SessionId, Conversation.PageDue(_options.CurrentValue.Transcript));
        var duration = Stopwatch.GetElapsedTime(started);
        var result = await _writer.WriteAsync(turn, new TurnResult(number, outcome.Outcome, reply, outcome.Models.ModelUsed, outcome.Models.FallbackUsed, error,
            outcome.Models.ApiCalls, outcome.ToolCalls, outcome.Usage, fate, dropped, duration, buildTime, Notice: notice,
            ProviderUsed: outcome.Models.ProviderUsed));
        TurnMetrics.Record(_metrics, outcome, duration);
        _budgets.Charge(outcome.Models.ModelUsed, outcome.Usage);
        return result;
    }

    /// <summary>The answer to a command, or to a message that did not become a turn.</summary>
    private TurnResult Answer(SlashCommand? command, string reply, TurnOutcome outcome = TurnOutcome.Completed, AgentDropReason? dropped = null) => new(
        State.TurnCount, outcome, reply, null, false, null, 0, 0, TokenUsage.None,
        dropped is null ? _slot.Fate : AgentFate.Dropped, dropped, TimeSpan.Zero, null, command?.Typed);

    private Task<TurnResult> Answered(SlashCommand command, string reply) => Task.FromResult(Answer(command, reply));

    private async Task<TurnResult> StatusAsync(SlashCommand command) => Answer(command, SessionReports.Status(await GetSnapshotAsync()));

    private async Task<TurnResult> SchedulesAnsweredAsync(SlashCommand command) => Answer(command, await _schedules.AnswerAsync(command));

    private async Task<TurnResult> StoppedAsync(SlashCommand command) => Answer(command, await _turns.StopAsync(_options.CurrentValue.StopTimeout));

    private SessionSnapshot Snapshot() => SessionSnapshots.Of(this.GetPrimaryKeyString(), State, _agents, _slot, _turns) with
    {
        PendingApprovals = [.. Approvals.Pending.Where(approval => approval.ExpiresAt > _time.GetUtcNow())],
    };
}
