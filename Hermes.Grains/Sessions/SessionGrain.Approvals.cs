using System.Diagnostics;
using Hermes.Contracts.Approvals;
using Hermes.Contracts.Sessions;
using Hermes.Contracts.Turns;
using Hermes.Grains.Agents;
using Hermes.Grains.Approvals;
using Hermes.Grains.Commands;
using Hermes.Grains.Mcp;
using Hermes.Grains.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Hermes.Grains.Sessions;

/// <summary>
/// The session's side of tool approval (rules in <see cref="ToolApprovals"/>): a turn whose tool loop stopped for
/// approval is recorded as paused and written; <c>/approve</c> and <c>/deny</c> decide its calls, and once all are
/// decided the turn resumes in the tool loop under the same call ids. A plain message meanwhile denies them first (or is
/// answered with the question again, by configuration). All of it runs as ordered work, one piece at a time, so an
/// approval answered twice finds nothing to decide the second time.
/// </summary>
public sealed partial class SessionGrain
{
    private ApprovalServices? _approvalServices;

    // Resolved on first use rather than injected, so that this part of the grain stays in its own file.
    private ApprovalServices ApprovalServices => _approvalServices ??= ServiceProvider.GetRequiredService<ApprovalServices>();

    private ToolApprovals Approvals => new(State.Approvals, ApprovalServices.Metrics);

    /// <summary>A plain message: settles what waits for approval (by configuration), then runs the message's turn.</summary>
    private async Task<TurnResult> RunMessageAsync(TurnRequest request, TurnContext turn)
    {
        var notice = SettleApprovals();
        if (Approvals.Paused is not null)
        {
            if (!Approvals.Ready && ApprovalServices.Options.OnNewMessage == PendingOnNewMessage.Remind)
            {
                var pending = Approvals.Pending;
                return await _writer.WriteAsync(turn, Answer(null, ApprovalTexts.Questions(pending), TurnOutcome.AwaitingApproval) with { Notice = notice, PendingApprovals = pending });
            }

            // The paused turn ends without the model: its calls' results say the user moved on, and the new message follows them.
            var denied = Approvals.DenyAll("The user sent a new message instead of deciding.");
            RecordClosed(Approvals.Close("Not run: the user sent a new message before every call of this turn was decided."));
            notice = denied.Count == 0 ? notice : Join(notice, $"Denied because a new message came: {ApprovalTexts.List(denied)}.");
        }

        return await RunTurnAsync(request, turn, approvalNotice: notice);
    }

    /// <summary><c>/approve</c> or <c>/deny</c> (or <c>/deny &lt;tool&gt;</c>, a policy): decides, and resumes the turn once every call is decided.</summary>
    private async Task<TurnResult> DecideAsync(SlashCommand command, TurnContext turn)
    {
        var approve = command.Name == CommandName.Approve;
        if (!approve && IsToolPattern(command.Argument))
        {
            return await SetToolPolicyAsync(command, turn);
        }

        var notice = SettleApprovals();
        var reply = Approvals.Decide(approve, command.Argument, ApprovalCaller.Sender, ApprovalCaller.IsOperator);
        if (Approvals.Ready)
        {
            return await ResumeAsync(turn, Join(notice, reply));
        }

        return await _writer.WriteAsync(turn, Answer(command, reply) with { Notice = notice, PendingApprovals = Approvals.Pending });
    }

    /// <summary><c>/allow &lt;tool&gt;</c> and <c>/deny &lt;tool&gt;</c>: the user's own policy for this session.</summary>
    private async Task<TurnResult> SetToolPolicyAsync(SlashCommand command, TurnContext turn)
    {
        if (!IsToolPattern(command.Argument))
        {
            return Answer(command, $"Usage: {command.Typed} <tool>, a name /tools lists (e.g. mcp__memory__create_entities) or a glob (mcp__memory__*).");
        }

        var policy = command.Name == CommandName.Allow ? ToolPolicy.Allow : ToolPolicy.Deny;
        var gate = Approvals.Gate(ApprovalServices.Servers);
        return await _writer.WriteAsync(turn, Answer(command, Approvals.SetPolicy(command.Argument!, policy, _slot.Tools, gate)));
    }

    private string ToolsText() => ToolApprovals.Describe(_slot.Tools, Approvals.Gate(ApprovalServices.Servers));

    /// <summary>
    /// Resumes the paused turn with its decisions. The turn is marked as running its calls and written first, so that an
    /// activation that dies before the turn is recorded leaves a mark the next one closes instead of running them again.
    /// </summary>
    private async Task<TurnResult> ResumeAsync(TurnContext turn, string? notice)
    {
        var paused = Approvals.Start();
        await _writer.WriteAsync(turn with { MessageId = null }, Answer(null, "Resuming."));
        Approvals.Finish();
        return await RunTurnAsync(new TurnRequest(paused.UserText), turn, paused, notice);
    }

    /// <summary>Records a turn whose tool loop stopped for approval, and answers with the questions.</summary>
    private async Task<TurnResult> PauseAsync(
        string text, AgentTurn outcome, PausedTurn? resumed, ToolGate gate, TurnContext turn, string? notice, long started, TimeSpan? buildTime)
    {
        var messages = resumed is null ? [.. outcome.Messages] : PausedTurnMessages.Recorded(resumed, outcome.Messages);
        var usage = (resumed?.Usage ?? TokenUsage.None).Add(outcome.Usage);
        var toolCalls = (resumed?.ToolCalls ?? 0) + outcome.ToolCalls;
        var options = ApprovalServices.Options;
        var pending = Approvals.Pause(text, messages, usage, toolCalls, gate.PolicyOf, ApprovalCaller.Sender, _time.GetUtcNow(), options.Timeout);
        if (pending.IsEmpty)
        {
            // Only calls that need no approval were held back with others: run them at once.
            return await ResumeAsync(turn, notice);
        }

        foreach (var approval in pending)
        {
            turn.Report(new ApprovalRequested(approval));
        }

        var dropped = _slot.Settle(outcome);
        var duration = Stopwatch.GetElapsedTime(started);
        _metrics.TurnFinished(TurnOutcome.AwaitingApproval, duration);
        return await _writer.WriteAsync(turn, new TurnResult(
            State.TurnCount + 1, TurnOutcome.AwaitingApproval, ApprovalTexts.Questions(pending), outcome.Models.ModelUsed, outcome.Models.FallbackUsed, null,
            outcome.Models.ApiCalls, outcome.ToolCalls, outcome.Usage, dropped is null ? AgentFate.Kept : AgentFate.Dropped, dropped, duration, buildTime,
            Notice: notice) { PendingApprovals = pending });
    }

    /// <summary>Ends what a dead activation left (a turn that was running approved calls) and denies overdue approvals; returns what to tell the user.</summary>
    private string? SettleApprovals()
    {
        string? notice = null;
        if (Approvals.CloseInterrupted() is { } closed)
        {
            RecordClosed(closed);
            notice = $"Hermes stopped while approved tool calls ran ({ApprovalTexts.List(closed.Turn.Approvals.Where(entry => entry.Decision?.Approved == true).Select(entry => entry.Request))}); they were not run again, and whether they finished is unknown.";
        }

        var expired = Approvals.Expire(_time.GetUtcNow());
        return expired.Count == 0 ? notice : Join(notice, $"Nobody decided in time, so these were denied: {ApprovalTexts.List(expired)}.");
    }

    /// <summary>Records a paused turn that ended without the model, with its calls and their results.</summary>
    private void RecordClosed(ClosedTurn? closed)
    {
        if (closed is not null)
        {
            Conversation.Record(closed.Turn.UserText, new AgentTurn(TurnOutcome.Completed, string.Empty, closed.Messages, [], new ModelTurnLog(), closed.Turn.ToolCalls, closed.Turn.Usage), _time.GetUtcNow());
        }
    }

    /// <summary>The turn's result once resumed: the messages, tokens and tool calls from before the pause count too.</summary>
    private static AgentTurn Resumed(PausedTurn paused, AgentTurn outcome) => outcome.Outcome == TurnOutcome.Completed
        ? outcome with { Messages = PausedTurnMessages.Recorded(paused, outcome.Messages), Usage = paused.Usage.Add(outcome.Usage), ToolCalls = paused.ToolCalls + outcome.ToolCalls }
        : outcome with { Usage = paused.Usage.Add(outcome.Usage), ToolCalls = paused.ToolCalls + outcome.ToolCalls };

    // Tools are named for the model as mcp__{server}__{tool}; anything else after /deny is an approval id or a reason.
    private static bool IsToolPattern(string? argument) =>
        argument is { } text && text.StartsWith("mcp__", StringComparison.Ordinal) && !text.Any(char.IsWhiteSpace);

    private static string? Join(string? first, string? second) => first is null ? second : second is null ? first : $"{first}\n{second}";
}
