namespace Hermes.Client.Api.Requests;

/// <summary>An <c>mcp_approval_response</c> input item: the decision on one tool call a previous response asked about.</summary>
/// <param name="RequestId">The <c>approval_request_id</c>: the id of that response's <c>mcp_approval_request</c> item (<c>ficc_…</c>).</param>
/// <param name="Approve">True runs the call; false refuses it.</param>
/// <param name="Reason">Why it was refused, for the model; optional.</param>
public sealed record ApprovalAnswer(string RequestId, bool Approve, string? Reason)
{
    /// <summary>The session command that carries this decision.</summary>
    public string Command => Approve ? $"/approve {RequestId}" : string.IsNullOrWhiteSpace(Reason) ? $"/deny {RequestId}" : $"/deny {RequestId} {string.Join(' ', Reason.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}";
}
