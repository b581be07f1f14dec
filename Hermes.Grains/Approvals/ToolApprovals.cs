using System.Collections.Immutable;
using System.Globalization;
using Hermes.Contracts.Approvals;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Agents;
using Hermes.Grains.Mcp;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Approvals;

/// <summary>
/// Every rule about a session's tool approvals, over its durable <see cref="SessionApprovals"/>: what a pause records,
/// who may decide and how <c>/approve</c> and <c>/deny</c> read, expiry, the user's policy changes and <c>/tools</c>.
/// Pure logic like <c>Conversation</c>: it changes the state in memory; the grain runs the turns and writes the state.
/// </summary>
public sealed class ToolApprovals(SessionApprovals state, ApprovalMetrics metrics)
{
    public PausedTurn? Paused => state.Paused;

    /// <summary>The calls that wait for a decision now.</summary>
    public ImmutableArray<PendingApproval> Pending =>
        state.Paused is { Executing: false } paused ? [.. paused.Approvals.Where(entry => entry.Decision is null).Select(entry => entry.Request)] : [];

    /// <summary>
    /// Records a turn that stopped before tool calls needing approval. A call the tool loop held back only because it came
    /// in the same answer as one that needs approval is approved at once.
    /// </summary>
    /// <param name="turnMessages">The turn's messages so far; the last holds the loop's approval requests.</param>
    /// <param name="policyOf">The policy each offered tool had this turn, by the name the model called it.</param>
    /// <param name="sender">Who sent the message, the one who may decide besides an operator.</param>
    /// <param name="timeout">How long the calls wait before they count as denied.</param>
    /// <returns>The calls that wait for a decision.</returns>
    public ImmutableArray<PendingApproval> Pause(
        string userText, IReadOnlyList<ChatMessage> turnMessages, TokenUsage usage, int toolCalls, Func<string, ToolPolicy> policyOf, string? sender, DateTimeOffset now, TimeSpan timeout)
    {
        var paused = new PausedTurn { UserText = userText, MessagesJson = PausedTurnMessages.ToJson(turnMessages), Usage = usage, ToolCalls = toolCalls, PausedAt = now };
        foreach (var request in PausedTurnMessages.Requests(turnMessages))
        {
            var call = (FunctionCallContent)request.ToolCall;
            var policy = policyOf(call.Name);
            var entry = new ApprovalEntry
            {
                Request = new PendingApproval(
                    (++state.LastId).ToString(CultureInfo.InvariantCulture), request.RequestId, call.CallId, call.Name, ToolArguments.ToJson(call.Arguments), sender, now + timeout),
                Once = policy == ToolPolicy.AskOnce,
            };
            if (policy is ToolPolicy.Ask or ToolPolicy.AskOnce)
            {
                metrics.Requested(call.Name);
            }
            else
            {
                entry.Decision = new ApprovalDecision(true, null);
            }

            paused.Approvals.Add(entry);
        }

        state.Paused = paused;
        return Pending;
    }

    /// <summary>True when every call of the paused turn is decided, so that it can resume.</summary>
    public bool Ready => state.Paused is { Executing: false } paused && paused.Approvals.All(entry => entry.Decision is not null);

    /// <summary>Applies <c>/approve [id|all] [always]</c> or <c>/deny [id|all] [reason]</c>; returns the answer to show.</summary>
    /// <param name="sender">Who answers; null when the front-end named nobody.</param>
    /// <param name="isOperator">An operator may decide any session's approvals.</param>
    public string Decide(bool approve, string? argument, string? sender, bool isOperator)
    {
        var waiting = Waiting();
        if (waiting.Count == 0)
        {
            return "Nothing is waiting for approval.";
        }

        if (!isOperator && waiting[0].Request.MayDecide is { } owner && sender != owner)
        {
            return "Only the user whose message started this turn (or an operator) may decide its tool calls.";
        }

        var (targets, always, reason) = Read(approve, argument, waiting);
        if (targets.Count == 0)
        {
            return $"No tool call waits under '{argument}'. Waiting: {ApprovalTexts.List(waiting.Select(entry => entry.Request))}.";
        }

        foreach (var entry in targets)
        {
            entry.Decision = new ApprovalDecision(approve, approve ? null : reason ?? "The user denied it.");
            metrics.Decided(entry.Request.ToolName, entry.Decision);
            if (approve && (always || entry.Once))
            {
                state.Allow(entry.Request.ToolName);
            }
        }

        var verb = approve ? always ? "Approved for the rest of the session" : "Approved" : "Denied";
        return $"{verb}: {ApprovalTexts.List(targets.Select(entry => entry.Request))}.";
    }

    /// <summary>Denies every waiting call with <paramref name="reason"/> (a new message came instead of a decision); returns them.</summary>
    public IReadOnlyList<PendingApproval> DenyAll(string reason) => Settle(Waiting(), new ApprovalDecision(false, reason));

    /// <summary>Denies the waiting calls whose time ran out at <paramref name="now"/>; returns them.</summary>
    public IReadOnlyList<PendingApproval> Expire(DateTimeOffset now) =>
        Settle([.. Waiting().Where(entry => entry.Request.ExpiresAt <= now)], new ApprovalDecision(false, "Nobody approved it in time.", Expired: true));

    /// <summary>Marks the paused turn as running its approved calls: written before they run, so that none runs twice.</summary>
    public PausedTurn Start()
    {
        var paused = state.Paused ?? throw new InvalidOperationException("No turn is paused.");
        paused.Executing = true;
        return paused;
    }

    /// <summary>The paused turn ended (resumed to its end, or closed); forgets it.</summary>
    public void Finish() => state.Paused = null;

    /// <summary>
    /// Closes a turn whose activation died while its approved calls ran: nothing runs again. Returns the turn's messages,
    /// in which each approved call's result says its outcome is unknown and each denied one why it did not run.
    /// </summary>
    public ClosedTurn? CloseInterrupted() => state.Paused is { Executing: true }
        ? Close("Hermes stopped while this approved call was running: whether it finished is unknown, and it was not run again.")
        : null;

    /// <summary>
    /// Closes the paused turn without the model (a new message came): no call runs. Returns the turn's messages, each call
    /// with a result that says why it did not run (<paramref name="approvedResult"/> for calls that were approved).
    /// </summary>
    public ClosedTurn? Close(string approvedResult)
    {
        if (state.Paused is not { } paused)
        {
            return null;
        }

        state.Paused = null;
        return new ClosedTurn(paused, PausedTurnMessages.Closed(paused, entry => entry.Decision?.Approved == true
            ? approvedResult
            : $"Tool call invocation was rejected and must not be retried. {entry.Decision?.Reason}"));
    }

    /// <summary>A new conversation: no paused turn, and the user's policies and session approvals end with the old one.</summary>
    public void StartOver()
    {
        state.Paused = null;
        state.ForgetPolicies();
    }

    /// <summary>The session's gate for a turn's tools.</summary>
    public ToolGate Gate(IReadOnlyDictionary<string, McpServerOptions> servers) => new(servers, state);

    /// <summary><c>/tools</c>: each known tool and its policy in this session.</summary>
    public static string Describe(IReadOnlyList<AITool> tools, ToolGate gate) => tools.Count == 0
        ? "No tools are known yet: the MCP servers are listed when the session first speaks."
        : "Tools and their policy here (allow, ask, ask-once, deny):\n" + string.Join('\n', tools.Select(tool => Line(tool, gate)))
          + "\n/allow <tool> or /deny <tool> (globs such as mcp__memory__* too) change them for this session.";

    /// <summary><c>/allow &lt;tool&gt;</c> or <c>/deny &lt;tool&gt;</c>: the user's own policy for this session, within the operator's.</summary>
    public string SetPolicy(string pattern, ToolPolicy policy, IReadOnlyList<AITool> tools, ToolGate gate)
    {
        state.SetOverride(pattern, policy);
        if (policy == ToolPolicy.Deny)
        {
            state.Disallow(name => ToolGate.Matches(pattern, name));
        }

        var matching = tools.Where(tool => ToolGate.Matches(pattern, tool.Name)).ToList();
        if (matching.Count == 0)
        {
            return $"No tool known to this session matches '{pattern}' yet; the policy applies to the tools it matches from now on.";
        }

        var refused = policy == ToolPolicy.Allow ? matching.Where(tool => !gate.UserMayAllow(tool)).ToList() : [];
        var note = refused.Count == 0
            ? string.Empty
            : $"\nThe operator does not let users lift {string.Join(", ", refused.Select(tool => tool.Name))}; approve a call with /approve <id> always to allow it for this session.";
        return "Now:\n" + string.Join('\n', matching.Select(tool => Line(tool, gate))) + note;
    }

    private static string Line(AITool tool, ToolGate gate)
    {
        var policy = gate.PolicyOf(tool);
        var byOperator = gate.OperatorPolicyOf(tool);
        return $"{tool.Name}: {Word(policy)}{(policy == byOperator ? string.Empty : $" (operator: {Word(byOperator)})")}";
    }

    private static string Word(ToolPolicy policy) => policy switch
    {
        ToolPolicy.AskOnce => "ask-once",
        _ => policy.ToString().ToLowerInvariant(),
    };

    private List<ApprovalEntry> Waiting() => state.Paused is { Executing: false } paused ? [.. paused.Approvals.Where(entry => entry.Decision is null)] : [];

    private List<PendingApproval> Settle(List<ApprovalEntry> entries, ApprovalDecision decision)
    {
        foreach (var entry in entries)
        {
            entry.Decision = decision;
            metrics.Decided(entry.Request.ToolName, decision);
        }

        return [.. entries.Select(entry => entry.Request)];
    }

    // "/approve", "/approve 3", "/approve 3 always", "/approve always", "/approve all"; "/deny", "/deny 3 too risky",
    // "/deny all", "/deny too risky" (every waiting call, with that reason).
    private static (List<ApprovalEntry> Targets, bool Always, string? Reason) Read(bool approve, string? argument, List<ApprovalEntry> waiting)
    {
        if (string.IsNullOrWhiteSpace(argument))
        {
            return (waiting, false, null);
        }

        var parts = argument.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (first, rest) = (parts[0], parts.Length > 1 ? parts[1] : null);
        // The short id people type, or the request id an API surface hands out.
        var named = waiting.Where(entry => entry.Request.Id == first || entry.Request.RequestId == first).ToList();
        if (named.Count > 0 || first.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            var targets = named.Count > 0 ? named : waiting;
            return (targets, approve && "always".Equals(rest, StringComparison.OrdinalIgnoreCase), approve ? null : rest);
        }

        if (approve)
        {
            return first.Equals("always", StringComparison.OrdinalIgnoreCase) ? (waiting, true, null) : ([], false, null);
        }

        // A number or a request id that names no waiting call is a mistake (or an answer given before), not a reason.
        return first.All(char.IsAsciiDigit) || first.StartsWith("ficc_", StringComparison.Ordinal) ? ([], false, null) : (waiting, false, argument.Trim());
    }
}
