using System.Text;
using System.Text.Json.Nodes;
using Hermes.Client.Api.Errors;
using Hermes.Contracts.Approvals;
using Hermes.Contracts.Responses;
using Hermes.Contracts.Sessions;
using Microsoft.AspNetCore.Http;

namespace Hermes.Client.Api.Responses;

/// <summary>
/// Writes a streamed response as the Responses API's typed server-sent events (<c>response.created</c>,
/// <c>response.output_text.delta</c>, <c>response.mcp_call.*</c>, an <c>mcp_approval_request</c>'s
/// <c>response.output_item.added</c> and <c>.done</c>, <c>response.completed</c> …), each numbered. As with
/// chat completions, nothing is sent before the first progress of the turn, so that a turn that fails before it gets a
/// plain HTTP error.
/// </summary>
/// <param name="inProgress">The response as <c>response.created</c> shows it: no output yet.</param>
public sealed class ResponseStream(HttpResponse response, string responseId, Func<JsonObject> inProgress)
{
    private readonly StringBuilder _text = new();
    private readonly Dictionary<string, (int Index, ToolCallStarted Call)> _tools = new(StringComparer.Ordinal);
    private readonly HashSet<string> _approvals = new(StringComparer.Ordinal);
    private int _sequence;
    private int _outputs;
    private int? _messageIndex;

    public bool Started { get; private set; }

    public async Task WriteTextAsync(string delta, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        if (_messageIndex is null)
        {
            _messageIndex = _outputs++;
            await WriteAsync("response.output_item.added", new() { ["output_index"] = _messageIndex, ["item"] = ResponseJson.MessageItem(responseId, string.Empty, "in_progress") }, cancellationToken);
            await WriteAsync("response.content_part.added", Part(ResponseJson.TextPart(string.Empty)), cancellationToken);
        }

        _text.Append(delta);
        await WriteAsync("response.output_text.delta", Part(null, "delta", delta), cancellationToken);
    }

    /// <summary>A tool call starting: an <c>mcp_call</c> output item, in progress.</summary>
    public async Task WriteToolStartedAsync(ToolCallStarted call, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        var index = _outputs++;
        _tools[call.CallId] = (index, call);
        var item = ResponseJson.ToolCallItem(new StoredToolCall(call.CallId, call.ToolName, call.ArgumentsJson, string.Empty, false));
        item["output"] = null;
        await WriteAsync("response.output_item.added", new() { ["output_index"] = index, ["item"] = item }, cancellationToken);
        await WriteAsync("response.mcp_call.in_progress", new() { ["output_index"] = index, ["item_id"] = ResponseJson.ToolItemId(call.CallId) }, cancellationToken);
    }

    /// <summary>A tool call ending: <c>response.mcp_call.completed</c> (or <c>failed</c>) and the finished item.</summary>
    public async Task WriteToolFinishedAsync(ToolCallFinished finished, CancellationToken cancellationToken)
    {
        if (!_tools.TryGetValue(finished.CallId, out var started))
        {
            return;
        }

        var itemId = ResponseJson.ToolItemId(finished.CallId);
        await WriteAsync(finished.Failed ? "response.mcp_call.failed" : "response.mcp_call.completed", new() { ["output_index"] = started.Index, ["item_id"] = itemId }, cancellationToken);
        var item = ResponseJson.ToolCallItem(new StoredToolCall(finished.CallId, finished.ToolName, started.Call.ArgumentsJson, finished.Summary, finished.Failed));
        await WriteAsync("response.output_item.done", new() { ["output_index"] = started.Index, ["item"] = item }, cancellationToken);
    }

    /// <summary>A tool call that waits for the user's decision: an <c>mcp_approval_request</c> output item, added and done at once.</summary>
    public async Task WriteApprovalRequestedAsync(ApprovalRequested requested, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        _approvals.Add(requested.Approval.RequestId);
        var index = _outputs++;
        await WriteAsync("response.output_item.added", new() { ["output_index"] = index, ["item"] = ResponseJson.ApprovalRequestItem(requested.Approval) }, cancellationToken);
        await WriteAsync("response.output_item.done", new() { ["output_index"] = index, ["item"] = ResponseJson.ApprovalRequestItem(requested.Approval) }, cancellationToken);
    }

    /// <summary>A comment line: keeps proxies and clients from timing out while the agent works.</summary>
    public async Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        await response.WriteAsync(": still working\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>Closes the answer's item and sends <c>response.completed</c> with the whole response.</summary>
    public async Task CompleteAsync(StoredResponse stored, JsonObject completed, CancellationToken cancellationToken)
    {
        if (!stored.PendingApprovals.IsEmpty)
        {
            // The turn waits for approval: its output is the approval requests (those not sent yet go now), not the question's text.
            foreach (var approval in stored.PendingApprovals.Where(approval => !_approvals.Contains(approval.RequestId)))
            {
                await WriteApprovalRequestedAsync(new ApprovalRequested(approval), cancellationToken);
            }

            if (_messageIndex is not null)
            {
                await CloseMessageAsync(cancellationToken);
            }

            await WriteAsync("response.completed", new() { ["response"] = completed }, cancellationToken);
            return;
        }

        if (_messageIndex is null)
        {
            // An answer that was not streamed (a command's, a recorded one given again) goes out in one piece.
            await WriteTextAsync(stored.Text, cancellationToken);
        }

        await CloseMessageAsync(cancellationToken);
        await WriteAsync("response.completed", new() { ["response"] = completed }, cancellationToken);
    }

    private async Task CloseMessageAsync(CancellationToken cancellationToken)
    {
        await WriteAsync("response.output_text.done", Part(null, "text", _text.ToString()), cancellationToken);
        await WriteAsync("response.content_part.done", Part(ResponseJson.TextPart(_text.ToString())), cancellationToken);
        await WriteAsync("response.output_item.done", new() { ["output_index"] = _messageIndex, ["item"] = ResponseJson.MessageItem(responseId, _text.ToString(), "completed") }, cancellationToken);
    }

    /// <summary>A failure after the stream began: <c>response.failed</c>, whose response carries the error.</summary>
    public async Task FailAsync(OpenAiError error, CancellationToken cancellationToken)
    {
        var failed = inProgress();
        failed["status"] = "failed";
        failed["error"] = new JsonObject { ["code"] = error.Error.Code ?? "server_error", ["message"] = error.Error.Message };
        await WriteAsync("response.failed", new() { ["response"] = failed }, cancellationToken);
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Started)
        {
            return;
        }

        Started = true;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await WriteAsync("response.created", new() { ["response"] = inProgress() }, cancellationToken);
        await WriteAsync("response.in_progress", new() { ["response"] = inProgress() }, cancellationToken);
    }

    private JsonObject Part(JsonObject? part, string? name = null, string? value = null)
    {
        var data = new JsonObject { ["item_id"] = ResponseJson.MessageId(responseId), ["output_index"] = _messageIndex, ["content_index"] = 0 };
        if (part is not null)
        {
            data["part"] = part;
        }

        if (name is not null)
        {
            data[name] = value;
        }

        return data;
    }

    private async Task WriteAsync(string type, JsonObject data, CancellationToken cancellationToken)
    {
        data["type"] = type;
        data["sequence_number"] = _sequence++;
        await response.WriteAsync($"event: {type}\ndata: {data.ToJsonString()}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
