using System.Globalization;

namespace Hermes.Contracts.Approvals;

/// <summary>How a pending approval reads to a person: the one wording the session's replies, <c>/status</c> and the front-ends share.</summary>
public static class ApprovalTexts
{
    // Arguments are shown in full up to this length, so that a long one cannot flood the question.
    private const int ArgumentsShown = 500;

    public const string Hint = "Answer /approve [id] (or /approve [id] always, to allow the tool for the rest of this session) or /deny [id] [reason]; without an id the answer covers every pending call.";

    /// <summary>The question for one call: which tool, with what, and its id.</summary>
    public static string Question(PendingApproval approval) =>
        $"[{approval.Id}] {approval.ToolName} {Arguments(approval.ArgumentsJson)}";

    /// <summary>The reply of a turn that stopped for approval: each question, when they expire, and how to answer.</summary>
    public static string Questions(IReadOnlyCollection<PendingApproval> approvals) =>
        $"The agent wants to run {(approvals.Count == 1 ? "a tool that needs" : $"{approvals.Count} tool calls that need")} your approval:\n"
        + string.Join('\n', approvals.Select(Question))
        + $"\nIt waits until {approvals.Min(approval => approval.ExpiresAt).ToString("u", CultureInfo.InvariantCulture)}, then counts as denied.\n"
        + Hint;

    /// <summary>A short list for <c>/status</c>: ids and tools.</summary>
    public static string List(IEnumerable<PendingApproval> approvals) =>
        string.Join(", ", approvals.Select(approval => $"[{approval.Id}] {approval.ToolName}"));

    private static string Arguments(string json) => json.Length <= ArgumentsShown ? json : json[..ArgumentsShown] + "…";
}
