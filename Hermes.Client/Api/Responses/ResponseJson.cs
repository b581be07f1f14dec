using System.Text.Json.Nodes;
using Hermes.Client.Api.Contracts;
using Hermes.Contracts.Approvals;
using Hermes.Contracts.Responses;
using Hermes.Contracts.Sessions;

namespace Hermes.Client.Api.Responses;

/// <summary>The Responses API's objects as JSON: a response, its output items, its input items, a deletion.</summary>
/// <remarks>A response that waits for approval holds its approval requests and no message, as OpenAI's does.</remarks>
public static class ResponseJson
{
    /// <summary>A response in full, from what was stored (or would have been, for <c>store: false</c>).</summary>
    /// <param name="request">The request that created it, for the options it echoes; null when read back later.</param>
    public static JsonObject Response(StoredResponse response, string status, bool store, ResponseCreateRequest? request, JsonObject? error = null) => new()
    {
        ["id"] = response.Id,
        ["object"] = "response",
        ["created_at"] = response.CreatedAt,
        ["status"] = status,
        ["error"] = error,
        ["incomplete_details"] = null,
        ["instructions"] = response.Instructions,
        ["max_output_tokens"] = request?.MaxOutputTokens,
        ["model"] = response.Model,
        ["output"] = new JsonArray([.. response.ToolCalls.Select(ToolCallItem), .. response.PendingApprovals.Select(ApprovalRequestItem), .. status == "completed" && response.PendingApprovals.IsEmpty ? [MessageItem(response.Id, response.Text, "completed")] : Array.Empty<JsonNode>()]),
        ["parallel_tool_calls"] = false,
        ["previous_response_id"] = response.PreviousResponseId,
        ["conversation"] = response.NamedConversation is null ? null : new JsonObject { ["id"] = response.NamedConversation },
        ["store"] = store,
        ["temperature"] = request?.Temperature,
        ["top_p"] = request?.TopP,
        ["text"] = new JsonObject { ["format"] = new JsonObject { ["type"] = request?.Text?.Format?.Type ?? "text" } },
        ["tool_choice"] = "auto",
        ["tools"] = new JsonArray(),
        ["truncation"] = "disabled",
        ["usage"] = Usage(response.Usage),
        ["metadata"] = new JsonObject(),
        ["hermes"] = new JsonObject { ["fallback_used"] = response.FallbackUsed, ["conversation"] = response.Conversation },
    };

    /// <summary>The assistant's answer as an output item.</summary>
    public static JsonObject MessageItem(string responseId, string text, string status) => new()
    {
        ["type"] = "message",
        ["id"] = MessageId(responseId),
        ["status"] = status,
        ["role"] = "assistant",
        ["content"] = status == "in_progress" ? new JsonArray() : new JsonArray(TextPart(text)),
    };

    public static JsonObject TextPart(string text) => new() { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() };

    /// <summary>A tool call of the agent as an <c>mcp_call</c> item: Hermes' tools are MCP tools, named <c>mcp__{server}__{tool}</c>.</summary>
    public static JsonObject ToolCallItem(StoredToolCall call)
    {
        var (server, tool) = SplitToolName(call.Name);
        return new JsonObject
        {
            ["type"] = "mcp_call",
            ["id"] = ToolItemId(call.CallId),
            ["server_label"] = server,
            ["name"] = tool,
            ["arguments"] = call.ArgumentsJson,
            ["output"] = call.Failed ? null : call.Output,
            ["error"] = call.Failed ? call.Output : null,
        };
    }

    /// <summary>
    /// A tool call that waits for the user's decision, as an <c>mcp_approval_request</c> item. Its id is the session's
    /// approval request id, which the <c>mcp_approval_response</c> answering it names and the session accepts as is.
    /// </summary>
    public static JsonObject ApprovalRequestItem(PendingApproval approval)
    {
        var (server, tool) = SplitToolName(approval.ToolName);
        return new JsonObject
        {
            ["type"] = "mcp_approval_request",
            ["id"] = approval.RequestId,
            ["server_label"] = server,
            ["name"] = tool,
            ["arguments"] = approval.ArgumentsJson,
        };
    }

    public static JsonObject InputItems(StoredResponse response, bool ascending, int limit, string? after)
    {
        var items = ascending ? response.Input.ToList() : response.Input.Reverse().ToList();
        if (after is not null && items.FindIndex(item => item.Id == after) is var index and >= 0)
        {
            items = items.Skip(index + 1).ToList();
        }

        var page = items.Take(limit).ToList();
        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. page.Select(InputItem)]),
            ["first_id"] = page.FirstOrDefault()?.Id,
            ["last_id"] = page.LastOrDefault()?.Id,
            ["has_more"] = items.Count > page.Count,
        };
    }

    public static JsonObject Deleted(string id) => new() { ["id"] = id, ["object"] = "response", ["deleted"] = true };

    public static string MessageId(string responseId) => $"msg_{responseId.Replace("resp_", string.Empty, StringComparison.Ordinal)}";

    public static string ToolItemId(string callId) => $"mcp_{callId}";

    public static (string Server, string Tool) SplitToolName(string name)
    {
        var parts = name.Split("__", 3);
        return parts is ["mcp", var server, var tool] ? (server, tool) : ("hermes", name);
    }

    private static JsonObject InputItem(StoredInputMessage message) => new()
    {
        ["type"] = "message",
        ["id"] = message.Id,
        ["status"] = "completed",
        ["role"] = message.Role,
        ["content"] = new JsonArray(new JsonObject { ["type"] = message.Role == "assistant" ? "output_text" : "input_text", ["text"] = message.Text }),
    };

    private static JsonObject Usage(TokenUsage usage) => new()
    {
        ["input_tokens"] = usage.InputTokens,
        ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
        ["output_tokens"] = usage.OutputTokens,
        ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
        ["total_tokens"] = usage.TotalTokens,
    };
}
