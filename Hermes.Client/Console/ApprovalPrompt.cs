using Hermes.Contracts.Approvals;

namespace Hermes.Client.Console;

/// <summary>The console asks inline about a tool call that waits for approval: y (approve), n (deny) or always.</summary>
public static class ApprovalPrompt
{
    /// <summary>Asks about <paramref name="approval"/>; returns the session command of the answer, or null when the user answered none.</summary>
    public static async Task<string?> AskAsync(PendingApproval approval, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteAsync($"Run {ApprovalTexts.Question(approval)}? [y/n/always] ");
        var answer = (await input.ReadLineAsync(cancellationToken))?.Trim().ToLowerInvariant();
        return answer switch
        {
            "y" or "yes" => $"/approve {approval.Id}",
            "a" or "always" => $"/approve {approval.Id} always",
            "n" or "no" => $"/deny {approval.Id}",
            _ => null,
        };
    }
}
