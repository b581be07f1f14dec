using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Contracts.Transcripts;
using Hermes.Grains.Agents;
using Hermes.Grains.Commands;
using Hermes.Grains.Mcp;
using Hermes.Grains.Telemetry;
using Hermes.Grains.Transcripts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Storage;

namespace Hermes.Grains.Sessions;

/// <summary>
/// One conversation. Keeps the durable state, a cached agent, and the MCP handles beside the agent (DESIGN §2).
/// </summary>
/// <remarks>
/// Reentrant, so that <c>/stop</c>, <c>/status</c> and <c>/new</c> are answered while a turn runs; the grain orders
/// its turns and state changes itself through <see cref="TurnQueue"/>. Everything runs on the grain's scheduler, so
/// interleaving happens only at awaits.
/// </remarks>
[GrainType("session")]
[Reentrant]
public sealed partial class SessionGrain : Grain, ISessionGrain
{
    private readonly IPersistentState<SessionState> _state;
    private readonly IAgentFactory _agents;
    private readonly IMcpConnectionPool _mcpPool;
    private readonly IOptionsMonitor<SessionOptions> _options;
    private readonly HermesMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionGrain> _logger;
    // Retries come within seconds; a few results per session are plenty to answer them.
    private const int DeliveredMessagesKept = 20;

    private const string WriteFailed = "The session is reloading after a failed write; send the message again.";

    private readonly TurnQueue _turns;
    private readonly Dictionary<string, InFlightMessage> _inFlight = new(StringComparer.Ordinal);
    private SessionAgent? _agent;
    private McpSessionHandles? _mcp;

    // The id of the message whose ordered work runs now; its result is written with the state it changed.
    private string? _deliveringMessageId;

    // Set when memory can no longer be trusted (a write failed) or the activation is going away: no new work starts.
    private string? _unavailable;

    public SessionGrain(
        [PersistentState("session", SessionStorage.ProviderName)] IPersistentState<SessionState> state,
        IAgentFactory agents,
        IMcpConnectionPool mcpPool,
        IOptionsMonitor<SessionOptions> options,
        HermesMetrics metrics,
        TimeProvider time,
        ILogger<SessionGrain> logger)
    {
        _state = state;
        _agents = agents;
        _mcpPool = mcpPool;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _turns = new TurnQueue(() => _options.CurrentValue.MaxQueuedMessages);
    }

    private SessionState State => _state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.SessionId.Length == 0)
        {
            StartConversation();
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _unavailable ??= "The session is moving; send the message again.";
        await FinishRunningTurnAsync(cancellationToken);

        var counters = State.Counters;
        await ReleaseMcpAsync();
        if (_agent is not null)
        {
            DropAgent(reason.ReasonCode == DeactivationReasonCode.ShuttingDown ? AgentDropReason.SiloShutdown : AgentDropReason.Deactivated);
        }

        if (State.Counters != counters && _unavailable is not WriteFailed)
        {
            try
            {
                await _state.WriteStateAsync(cancellationToken);
            }
            catch (Exception exception)
            {
                // Only counters are at stake; every turn was persisted when it ended.
                LogDeactivationWriteFailed(exception, this.GetPrimaryKeyString());
            }
        }
    }

    public Task<TurnResult> SendAsync(string text, string? messageId, CancellationToken cancellationToken) =>
        HandleOnceAsync(text, messageId, report: null, cancellationToken);

    public async IAsyncEnumerable<TurnUpdate> StreamAsync(string text, string? messageId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var updates = Channel.CreateUnbounded<TurnUpdate>(new UnboundedChannelOptions { SingleReader = true });
        using var streamEnded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var heartbeats = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var handling = HandleOnceAsync(text, messageId, update => updates.Writer.TryWrite(update), streamEnded.Token)
            .ContinueWith(
                task => updates.Writer.Complete(task.IsCanceled ? new OperationCanceledException() : task.Exception?.InnerException),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Current);
        var beating = SendHeartbeatsAsync(updates.Writer, _options.CurrentValue.StreamHeartbeat, heartbeats.Token);
        var finished = false;
        try
        {
            await foreach (var update in updates.Reader.ReadAllAsync(cancellationToken))
            {
                yield return update;
            }

            finished = true;
        }
        finally
        {
            if (!finished)
            {
                // The front-end left the stream or cancelled: its turn stops too.
                await streamEnded.CancelAsync();
            }

            await heartbeats.CancelAsync();
            await Task.WhenAll(handling, beating);
        }
    }

    public Task<SessionSnapshot> GetSnapshotAsync() => Task.FromResult(Snapshot());

    public Task<ImmutableArray<TranscriptMessage>> GetTranscriptAsync(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Task.FromResult(State.Transcript.TakeLast(count).ToImmutableArray());
    }

    public Task<ImmutableArray<TranscriptMessage>> GetArchivedPageAsync(string? sessionId, int page)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(page);
        return GrainFactory.GetGrain<ITranscriptPageGrain>(TranscriptPageKey.For(this.GetPrimaryKeyString(), sessionId ?? State.SessionId, page)).ReadAsync();
    }

    public async Task<ImmutableArray<McpServerStatus>> ReloadMcpAsync(CancellationToken cancellationToken)
    {
        await RunInTurnAsync(messageId: null, report: null, interrupt: false, priority: true, cancellationToken, token => ReloadMcpInTurnAsync(command: null, token));
        cancellationToken.ThrowIfCancellationRequested();
        return _mcp?.Servers ?? [];
    }

    public Task ReleaseAsync() =>
        RunInTurnAsync(messageId: null, report: null, interrupt: false, priority: true, CancellationToken.None, _ => ReleaseInTurnAsync());

    /// <summary>Handles a message inside a <c>hermes.turn</c> span.</summary>
    private async Task<TurnResult> HandleOnceAsync(string text, string? messageId, Action<TurnUpdate>? report, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        ThrowIfUnavailable();
        using var activity = TurnTracing.Start(this.GetPrimaryKeyString());
        var result = await DeliverOnceAsync(text, messageId, report, cancellationToken);
        TurnTracing.Finish(activity, result);
        return result;
    }

    /// <summary>Handles a message once per id: a repeated id is answered with the first one's result.</summary>
    private async Task<TurnResult> DeliverOnceAsync(string text, string? messageId, Action<TurnUpdate>? report, CancellationToken cancellationToken)
    {
        if (messageId is null)
        {
            return await HandleAsync(text, messageId, report, cancellationToken);
        }

        var earlier = State.Delivered.Find(delivered => delivered.MessageId == messageId)?.Result;
        if (earlier is null && _inFlight.TryGetValue(messageId, out var running))
        {
            // A caller asking again for a message still being handled takes it over: its cancellation stops the turn.
            using var takeover = cancellationToken.Register(running.Cancel);
            earlier = await running.Result;
        }

        if (earlier is not null)
        {
            report?.Invoke(new TurnFinished(earlier));
            return earlier;
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var handling = HandleAsync(text, messageId, report, cancellation.Token);
        _inFlight[messageId] = new InFlightMessage(handling, cancellation);
        try
        {
            return await handling;
        }
        finally
        {
            _inFlight.Remove(messageId);
        }
    }

    /// <summary>Dispatches a message: control commands at once, everything that changes the session through the queue.</summary>
    private async Task<TurnResult> HandleAsync(string text, string? messageId, Action<TurnUpdate>? report, CancellationToken cancellationToken)
    {
        TurnResult result;
        if (!SlashCommandParser.TryParse(text, out var command))
        {
            result = await RunInTurnAsync(messageId, report, interrupt: _options.CurrentValue.WhileBusy == BusyMode.Interrupt, priority: false, cancellationToken,
                token => RunTurnAsync(text, report, token));
        }
        else
        {
            result = command.Name switch
            {
                CommandName.Help => Answer(command, CommandCatalog.HelpText),
                CommandName.Status => Answer(command, SessionReports.Status(Snapshot())),
                CommandName.Usage => Answer(command, SessionReports.Usage(Snapshot())),
                CommandName.Model when command.Argument is null => Answer(command, $"Model: {SessionReports.Model(Snapshot())}"),
                CommandName.Model => await RunInTurnAsync(messageId, report, interrupt: false, priority: false, cancellationToken, _ => ChooseModelAsync(command)),
                CommandName.Stop => Answer(command, await StopAsync()),
                CommandName.New => await StartNewSessionAsync(command, messageId, report, cancellationToken),
                CommandName.Undo => await RunInTurnAsync(messageId, report, interrupt: false, priority: false, cancellationToken, _ => UndoAsync(command)),
                CommandName.Retry => await RunInTurnAsync(messageId, report, interrupt: false, priority: false, cancellationToken, token => RetryAsync(command, report, token)),
                CommandName.ReloadMcp => await RunInTurnAsync(messageId, report, interrupt: false, priority: false, cancellationToken, token => ReloadMcpInTurnAsync(command, token)),
                _ => Answer(command, $"Unknown command {command.Typed}. {CommandCatalog.HelpText}"),
            };
        }

        report?.Invoke(new TurnFinished(result));
        return result;
    }

    /// <summary>Runs <paramref name="work"/> when its turn comes: at once when idle, else behind the running turn.</summary>
    /// <param name="interrupt">Stop the running turn first (a plain message in <see cref="BusyMode.Interrupt"/>).</param>
    /// <param name="priority">Go to the head of the queue and never be refused.</param>
    private async Task<TurnResult> RunInTurnAsync(
        string? messageId, Action<TurnUpdate>? report, bool interrupt, bool priority, CancellationToken cancellationToken, Func<CancellationToken, Task<TurnResult>> work)
    {
        var running = _turns.Running;
        if (_turns.TryJoin(cancellationToken, priority) is not { } ticket)
        {
            return Answer(null, $"Busy: {_options.CurrentValue.MaxQueuedMessages} messages are already waiting. Send this one again when the current turn has finished.", TurnOutcome.Busy);
        }

        // Only a message that got a place interrupts: one refused as busy leaves the running turn alone.
        if (interrupt && running is not null)
        {
            running.Cancel();
        }

        try
        {
            if (_turns.Running != ticket)
            {
                report?.Invoke(new TurnQueued(_turns.Waiting));
            }

            await _turns.WaitAsync(ticket);
            ThrowIfUnavailable();
            _deliveringMessageId = messageId;
            return await work(ticket.Token);
        }
        catch (OperationCanceledException) when (ticket.Token.IsCancellationRequested)
        {
            return Answer(null, _turns.Running == ticket ? "Stopped before it finished." : "The message was withdrawn before its turn came.", TurnOutcome.Interrupted);
        }
        finally
        {
            if (_turns.Running == ticket)
            {
                _deliveringMessageId = null;
            }

            _turns.Leave(ticket);
        }
    }

    /// <summary>One turn of the agent: build or reuse the agent, run the tool loop, apply the eviction rule, persist.</summary>
    private async Task<TurnResult> RunTurnAsync(string text, Action<TurnUpdate>? report, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var notice = SessionResetPolicy.Check(_options.CurrentValue.Reset, State.LastActivityAt, _time.GetUtcNow());
        if (notice is not null)
        {
            await ResetConversationAsync();
        }

        var blueprint = _agents.Describe(State.ModelOverride);
        if (blueprint is null)
        {
            return await RecordAsync(text, AgentTurn.Failed([TurnReplies.NotConfigured], new(), 0, TokenUsage.None), AgentFate.NotBuilt, null, null, notice, started);
        }

        TimeSpan? buildTime;
        try
        {
            buildTime = await EnsureAgentAsync(blueprint, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await RecordAsync(text, AgentTurn.Interrupted(new(), 0, TokenUsage.None), AgentFate.NotBuilt, null, null, notice, started);
        }

        var turn = await _agent!.RunAsync(TranscriptMapper.ToModelContext(State.Transcript), text, report, cancellationToken);
        var dropReason = AgentEvictionPolicy.Decide(turn.Outcome, turn.Models.FallbackUsed);
        if (dropReason is { } reason)
        {
            DropAgent(reason);
        }

        return await RecordAsync(text, turn, dropReason is null ? AgentFate.Kept : AgentFate.Dropped, dropReason, buildTime, notice, started);
    }

    private async Task<string> StopAsync()
    {
        if (_turns.Running is not { } running)
        {
            return "Nothing is running.";
        }

        running.Cancel();
        var stopTimeout = _options.CurrentValue.StopTimeout;
        try
        {
            await running.Finished.WaitAsync(stopTimeout);
            return "Stopped the running turn.";
        }
        catch (TimeoutException)
        {
            return $"Asked the running turn to stop; it has not ended after {stopTimeout.TotalSeconds:0.#} s.";
        }
    }

    /// <summary><c>/new</c>: stops the running turn and withdraws waiting messages, then starts a clean conversation.</summary>
    private async Task<TurnResult> StartNewSessionAsync(SlashCommand command, string? messageId, Action<TurnUpdate>? report, CancellationToken cancellationToken)
    {
        _turns.CancelAll();
        return await RunInTurnAsync(messageId, report, interrupt: false, priority: true, cancellationToken, async _ =>
        {
            var dropped = await ResetConversationAsync();
            return await PersistAsync(Answer(command, "Started a new session.", fate: dropped ? AgentFate.Dropped : null, dropReason: dropped ? AgentDropReason.NewSession : null));
        });
    }

    private async Task<TurnResult> ChooseModelAsync(SlashCommand command)
    {
        var requested = command.Argument!;
        if (requested.Any(char.IsWhiteSpace) || requested.Length > 200)
        {
            return Answer(command, $"'{requested}' is not a model id. Usage: /model <name>, or /model default.");
        }

        State.ModelOverride = requested.Equals("default", StringComparison.OrdinalIgnoreCase) ? null : requested;
        var dropped = _agent is not null;
        if (dropped)
        {
            DropAgent(AgentDropReason.ModelChanged);
        }

        return await PersistAsync(Answer(
            command,
            $"Model: {SessionReports.Model(Snapshot())}. The next message uses it.",
            fate: dropped ? AgentFate.Dropped : null,
            dropReason: dropped ? AgentDropReason.ModelChanged : null));
    }

    private async Task<TurnResult> UndoAsync(SlashCommand command)
    {
        if (TakeLastExchange() is not { } removed)
        {
            return Answer(command, "Nothing to undo.");
        }

        return await PersistAsync(Answer(command, $"Removed your last message (\"{Shorten(removed)}\") and its answer."));
    }

    private async Task<TurnResult> RetryAsync(SlashCommand command, Action<TurnUpdate>? report, CancellationToken cancellationToken)
    {
        if (TakeLastExchange() is not { } text)
        {
            return Answer(command, "Nothing to retry.");
        }

        return await RunTurnAsync(text, report, cancellationToken);
    }

    /// <summary>
    /// Reconnects this session's MCP servers (its own ones restart; shared ones list their tools again) and gives the
    /// cached agent the new tool list without rebuilding it.
    /// </summary>
    private async Task<TurnResult> ReloadMcpInTurnAsync(SlashCommand? command, CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        if (_mcp is { } handles)
        {
            State.Counters = State.Counters.WithMcpConnectionsOpened(handles.TakeConnectionsOpened());
            _mcp = null;
            _mcp = await _mcpPool.ReopenAsync(handles, key, cancellationToken);
        }
        else
        {
            _mcp = await _mcpPool.OpenAsync(key, cancellationToken);
        }

        State.Counters = State.Counters.WithMcpConnectionsOpened(_mcp.TakeConnectionsOpened());
        _agent?.UseMcp(_mcp);
        return await PersistAsync(Answer(command, $"Reloaded the MCP servers: {SessionReports.McpServers(_mcp.Servers)}."));
    }

    /// <summary>Operator action: drops the agent and releases the MCP handles; the next turn builds and connects afresh.</summary>
    private async Task<TurnResult> ReleaseInTurnAsync()
    {
        var dropped = _agent is not null;
        if (dropped)
        {
            DropAgent(AgentDropReason.Released);
        }

        await ReleaseMcpAsync();
        return await PersistAsync(Answer(
            null, "Released the agent and the MCP connections.", fate: dropped ? AgentFate.Dropped : null, dropReason: dropped ? AgentDropReason.Released : null));
    }

    /// <summary>Removes the last user message and everything after it; returns its text, or null when there is none.</summary>
    private string? TakeLastExchange()
    {
        var index = State.Transcript.FindLastIndex(message => message.Role == TranscriptRole.User);
        if (index < 0)
        {
            return null;
        }

        var text = State.Transcript[index].Text;
        State.Transcript.RemoveRange(index, State.Transcript.Count - index);
        return text;
    }

    /// <summary>Archives the conversation and starts a clean one (new id, empty transcript); returns whether a cached agent was dropped.</summary>
    private async Task<bool> ResetConversationAsync()
    {
        await ArchiveAsync(State.Transcript.Count);
        if (State.ArchivedPages > 0)
        {
            State.EarlierConversations.Add(new ArchivedConversation(State.SessionId, State.ArchivedPages, State.ArchivedMessages, State.CreatedAt, _time.GetUtcNow()));
        }

        StartConversation();
        var dropped = _agent is not null;
        if (dropped)
        {
            DropAgent(AgentDropReason.NewSession);
        }

        if (_options.CurrentValue.ReleaseMcpOnNew)
        {
            await ReleaseMcpAsync();
        }

        return dropped;
    }

    private void StartConversation()
    {
        State.SessionId = Guid.NewGuid().ToString("N");
        State.CreatedAt = _time.GetUtcNow();
        State.Transcript.Clear();
        State.TurnCount = 0;
        State.LastTurn = null;
        State.Usage = TokenUsage.None;
        State.ArchivedMessages = 0;
        State.ArchivedPages = 0;
    }

    /// <summary>Moves the <paramref name="count"/> oldest transcript messages to the next archive page.</summary>
    /// <remarks>The page is written before the session state that forgets its messages, so a failure in between leaves a copy, never a gap.</remarks>
    private async Task ArchiveAsync(int count)
    {
        if (count == 0)
        {
            return;
        }

        var page = State.Transcript.Take(count).ToImmutableArray();
        await GrainFactory.GetGrain<ITranscriptPageGrain>(TranscriptPageKey.For(this.GetPrimaryKeyString(), State.SessionId, State.ArchivedPages)).WriteAsync(page);
        State.Transcript.RemoveRange(0, count);
        State.ArchivedPages++;
        State.ArchivedMessages += count;
    }

    /// <summary>
    /// Writes the session state, every change to it goes through here, together with the result of the message that
    /// caused the change, so that a retry of that message finds its answer even on another activation.
    /// </summary>
    private async Task<TurnResult> PersistAsync(TurnResult result)
    {
        if (_deliveringMessageId is { } messageId)
        {
            State.Delivered.Add(new DeliveredMessage(messageId, result));
            if (State.Delivered.Count > DeliveredMessagesKept)
            {
                State.Delivered.RemoveAt(0);
            }
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await _state.WriteStateAsync();
        }
        catch (Exception)
        {
            // Memory now holds what storage refused (another activation wrote since we read: the ETag said no) or never
            // got. Never answer from it again, nor record on top of it: reload, and let the caller try again.
            _unavailable = WriteFailed;
            DeactivateOnIdle();
            throw;
        }

        _metrics.StateWritten(Stopwatch.GetElapsedTime(started));
        return result;
    }

    /// <summary>Makes sure a current agent is cached; returns the time spent building one, or null when the cached one fits.</summary>
    private async Task<TimeSpan?> EnsureAgentAsync(AgentBlueprint blueprint, CancellationToken cancellationToken)
    {
        var mcpStale = _mcp is not null && _mcp.ConfigurationSignature != _mcpPool.ConfigurationSignature;
        if (_agent is not null && (mcpStale || _agent.Blueprint.Signature != blueprint.Signature))
        {
            DropAgent(AgentDropReason.ConfigurationChanged);
        }

        if (mcpStale)
        {
            await ReleaseMcpAsync();
        }

        var started = Stopwatch.GetTimestamp();
        if (_mcp is null)
        {
            _mcp = await _mcpPool.OpenAsync(this.GetPrimaryKeyString(), cancellationToken);
            _agent?.UseMcp(_mcp);
        }
        else
        {
            // A server that failed to connect is tried again each turn, as often as its backoff allows.
            await _mcp.ConnectPendingAsync(cancellationToken);
        }

        State.Counters = State.Counters.WithMcpConnectionsOpened(_mcp.TakeConnectionsOpened());
        if (_agent is not null)
        {
            return null;
        }

        _agent = _agents.Create(blueprint, _mcp);
        State.Counters = State.Counters.WithAgentBuilt();
        _metrics.AgentCreated();
        return Stopwatch.GetElapsedTime(started);
    }

    private void DropAgent(AgentDropReason reason)
    {
        _agent?.Dispose();
        _agent = null;
        State.Counters = State.Counters.WithAgentDropped(reason);
        _metrics.AgentDropped(reason);
    }

    private async Task ReleaseMcpAsync()
    {
        if (_mcp is { } handles)
        {
            _mcp = null;
            State.Counters = State.Counters.WithMcpConnectionsOpened(handles.TakeConnectionsOpened());
            await handles.DisposeAsync();
        }
    }

    /// <summary>Appends the turn to the transcript and persists it before the reply goes back to the caller.</summary>
    private async Task<TurnResult> RecordAsync(
        string userText, AgentTurn turn, AgentFate fate, AgentDropReason? dropReason, TimeSpan? buildTime, string? notice, long started)
    {
        var now = _time.GetUtcNow();
        var number = State.TurnCount + 1;
        var error = turn.Errors.Count > 0 ? turn.Errors[0] : null;
        var reply = turn.Outcome switch
        {
            TurnOutcome.Completed => turn.Reply,
            TurnOutcome.Failed => TurnReplies.ForFailure(turn.Errors),
            _ => TurnReplies.Interrupted,
        };

        // A failed turn's message stays out of the model's context (the user will rephrase or /retry); an interrupted
        // one stays in it, since the user usually goes on from it ("no, do this instead").
        var userInContext = turn.Outcome != TurnOutcome.Failed;
        State.Transcript.Add(new TranscriptMessage(TranscriptRole.User, userText, number, now, [], null, userInContext));
        if (turn.Outcome == TurnOutcome.Completed)
        {
            State.Transcript.AddRange(TranscriptMapper.FromTurn(turn.Messages, number, now));
        }
        else
        {
            State.Transcript.Add(new TranscriptMessage(TranscriptRole.Notice, reply, number, now, [], null, InModelContext: false));
        }

        State.TurnCount = number;
        State.Usage = State.Usage.Add(turn.Usage);
        State.LastActivityAt = now;
        State.LastTurn = new TurnSummary(number, turn.Outcome, turn.Models.ModelUsed, turn.Models.FallbackUsed, error, now);
        await ArchiveAsync(TranscriptArchivePolicy.MessagesToArchive(State.Transcript, _options.CurrentValue.Transcript));

        var duration = Stopwatch.GetElapsedTime(started);
        var result = await PersistAsync(new TurnResult(
            number, turn.Outcome, reply, turn.Models.ModelUsed, turn.Models.FallbackUsed, error,
            turn.Models.ApiCalls, turn.ToolCalls, turn.Usage, fate, dropReason, duration, buildTime, Notice: notice));
        RecordMetrics(turn, duration);
        return result;
    }

    /// <summary>The answer to a command, or to a message that did not become a turn.</summary>
    private TurnResult Answer(SlashCommand? command, string reply, TurnOutcome outcome = TurnOutcome.Completed, AgentFate? fate = null, AgentDropReason? dropReason = null) => new(
        State.TurnCount, outcome, reply, null, false, null, 0, 0, TokenUsage.None,
        fate ?? (_agent is null ? AgentFate.NotBuilt : AgentFate.Kept), dropReason, TimeSpan.Zero, null, command?.Typed);

    private SessionSnapshot Snapshot()
    {
        var blueprint = _agents.Describe(State.ModelOverride);
        return new SessionSnapshot(
            this.GetPrimaryKeyString(),
            State.SessionId,
            State.Transcript.Count,
            State.TurnCount,
            blueprint?.Primary,
            State.LastTurn,
            State.Counters,
            _agent is not null,
            State.Usage,
            _mcp?.Servers ?? [],
            blueprint is null ? [] : blueprint.Models.RemoveAt(0),
            State.ModelOverride is not null,
            _turns.Running is not null,
            _turns.Waiting,
            State.ArchivedMessages,
            [.. State.EarlierConversations]);
    }

    private void RecordMetrics(AgentTurn turn, TimeSpan duration)
    {
        _metrics.TurnFinished(turn.Outcome, duration);
        foreach (var modelError in turn.Models.Errors)
        {
            _metrics.ModelError(modelError);
        }

        if (turn.Models.FallbackUsed && turn.Models.ModelUsed is { } model)
        {
            _metrics.FallbackActivated(model);
        }
    }

    private void ThrowIfUnavailable()
    {
        if (_unavailable is { } reason)
        {
            throw new SessionUnavailableException(reason);
        }
    }

    /// <summary>
    /// A streamed turn runs beside the calls Orleans waits for before deactivating: let it finish within the
    /// deactivation's time, then stop it, so that nothing uses the agent or writes state after this point.
    /// </summary>
    private async Task FinishRunningTurnAsync(CancellationToken cancellationToken)
    {
        if (_turns.Running is not { } running)
        {
            return;
        }

        try
        {
            await running.Finished.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _turns.CancelAll();
            await running.Finished;
        }
    }

    private static async Task SendHeartbeatsAsync(ChannelWriter<TurnUpdate> updates, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken) && updates.TryWrite(new TurnHeartbeat()))
            {
            }
        }
        catch (OperationCanceledException)
        {
            // The stream ended.
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {Session} could not persist its counters while deactivating")]
    private partial void LogDeactivationWriteFailed(Exception exception, string session);
}
