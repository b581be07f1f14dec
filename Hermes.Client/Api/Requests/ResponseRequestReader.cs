using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using Hermes.Client.Api.Contracts;
using Hermes.Client.Api.Errors;
using Hermes.Client.Api.Models;
using Hermes.Contracts.Responses;
using Hermes.Contracts.Sessions;
using Hermes.Contracts.Turns;
using Microsoft.AspNetCore.Http;
using static Hermes.Client.Api.Requests.UnsupportedOptions;

namespace Hermes.Client.Api.Requests;

/// <summary>
/// Reads and checks a Responses API request before anything reaches the cluster; like the chat-completions reader, every
/// fault and every option Hermes cannot honour is refused with the field's name.
/// </summary>
public static class ResponseRequestReader
{
    private static readonly IReadOnlySet<string> Roles = new HashSet<string>(StringComparer.Ordinal) { "user", "assistant", "system", "developer" };

    private static readonly IReadOnlySet<string> TextParts = new HashSet<string>(StringComparer.Ordinal) { "input_text", "output_text", "text" };

    public static async Task<ResponseInput> ReadAsync(HttpRequest http, ApiOptions api, ModelCatalog models, JsonSerializerOptions json, TimeProvider time)
    {
        var (request, body) = await JsonRequestBody.ReadAsync<ResponseCreateRequest>(http, api, json, "responses");
        ChatCompletionRequestReader.CheckModel(request.Model, models);
        RefuseUnsupported(request);
        var conversation = ConversationOf(request);
        Refuse(conversation is not null && request.PreviousResponseId is not null, "conversation", "Send either 'previous_response_id' or 'conversation', not both.");
        var idempotencyKey = JsonRequestBody.Name(http.Headers[ApiHeaders.IdempotencyKey].FirstOrDefault(), ApiHeaders.IdempotencyKey, null);
        var digest = Convert.ToHexString(SHA256.HashData(body));
        if (Approvals(request.Input) is { IsEmpty: false } approvals)
        {
            RefuseAlongsideApprovals(request);
            return new ResponseInput(request, string.Empty, null, null, [], new TurnOptions(), [], idempotencyKey, digest)
            {
                Approvals = approvals,
            };
        }

        var messages = Messages(request.Input);
        var (text, instructions, history) = Split(messages, request.Instructions, time.GetUtcNow());
        Refuse(
            !history.IsEmpty && (conversation is not null || request.PreviousResponseId is not null),
            "input",
            "With 'previous_response_id' or 'conversation' the earlier conversation is the session's: 'input' holds only the new user message(s).");
        var options = TurnOptionsReader.Read(
            request.Temperature, request.TopP, (request.MaxOutputTokens, "max_output_tokens"), null, null, null, null, (request.Text?.Format?.Type, request.Text?.Format, "text.format"));
        var stored = messages.Select(message => new StoredInputMessage($"msg_{Guid.NewGuid():N}", message.Role, message.Text));
        return new ResponseInput(request, text, instructions, conversation, history, options, [.. stored], idempotencyKey, digest);
    }

    private static void RefuseUnsupported(ResponseCreateRequest request)
    {
        Refuse(Given(request.Tools), "tools", "Client-side tools are not supported: the agent uses the tools configured in Hermes (its MCP servers). Leave 'tools' out.");
        Refuse(ChoosesATool(request.ToolChoice), "tool_choice", "'tool_choice' can only be 'auto' or 'none': there are no client-side tools to choose.");
        Refuse(request.Background == true, "background", "Background responses are not supported: Hermes answers while the request is open (stream it for progress).");
        Refuse(Given(request.Reasoning), "reasoning", "'reasoning' is not passed to the models by Hermes; leave it out.");
        Refuse(Given(request.Prompt), "prompt", "Stored prompt templates are not supported; send 'instructions' instead.");
        Refuse(request.TopLogprobs is > 0, "top_logprobs", "Log probabilities are not available through Hermes.");
        Refuse(request.Include is { Count: > 0 }, "include", "Hermes adds no optional output data; leave 'include' out.");
        Refuse(request.Truncation is not (null or "auto" or "disabled"), "truncation", "'truncation' must be 'auto' or 'disabled'.");
    }

    /// <summary>
    /// The <c>mcp_approval_response</c> items of the input. They answer the previous response's approval requests and
    /// resume its paused turn, so they come alone: with <c>previous_response_id</c>, without messages, and without options
    /// for a turn that the session already runs with its own.
    /// </summary>
    private static ImmutableArray<ApprovalAnswer> Approvals(JsonElement? input)
    {
        if (input is not { ValueKind: JsonValueKind.Array } items)
        {
            return [];
        }

        var answers = ImmutableArray.CreateBuilder<ApprovalAnswer>();
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "mcp_approval_response")
            {
                answers.Add(Approval(item, index));
            }

            index++;
        }

        Refuse(answers.Count > 0 && answers.Count < index, "input", "'mcp_approval_response' items come alone: send the decisions first, and a new message in the next request.");
        return answers.ToImmutable();
    }

    private static ApprovalAnswer Approval(JsonElement item, int index)
    {
        if (!item.TryGetProperty("approval_request_id", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(id.GetString()) || id.GetString()!.Any(char.IsWhiteSpace))
        {
            throw BadInput($"input[{index}].approval_request_id", $"Input item {index} needs the 'approval_request_id' of the mcp_approval_request it answers.");
        }

        if (!item.TryGetProperty("approve", out var approve) || approve.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw BadInput($"input[{index}].approve", $"Input item {index} needs 'approve': true or false.");
        }

        var reason = item.TryGetProperty("reason", out var given) && given.ValueKind == JsonValueKind.String ? given.GetString() : null;
        return new ApprovalAnswer(id.GetString()!, approve.GetBoolean(), reason);
    }

    private static void RefuseAlongsideApprovals(ResponseCreateRequest request)
    {
        const string Why = "cannot go with 'mcp_approval_response' items: the paused turn resumes as the session runs it.";
        Refuse(request.PreviousResponseId is null, "previous_response_id", "'mcp_approval_response' items answer a response: send its id as 'previous_response_id'.");
        Refuse(request.Store == false, "store", "The decision resumes a turn the session keeps: 'store: false' " + Why);
        Refuse(request.Instructions is not null, "instructions", "'instructions' " + Why);
        Refuse(request.Temperature is not null, "temperature", "'temperature' " + Why);
        Refuse(request.TopP is not null, "top_p", "'top_p' " + Why);
        Refuse(request.MaxOutputTokens is not null, "max_output_tokens", "'max_output_tokens' " + Why);
        Refuse(request.Text?.Format is not null, "text.format", "'text.format' " + Why);
    }

    /// <summary>The conversation named by <c>conversation</c>: a string, or an object with an <c>id</c>.</summary>
    private static string? ConversationOf(ResponseCreateRequest request) => request.Conversation switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } name => JsonRequestBody.Name(name.GetString(), "'conversation'", "conversation"),
        { ValueKind: JsonValueKind.Object } named when named.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String =>
            JsonRequestBody.Name(id.GetString(), "'conversation.id'", "conversation.id"),
        _ => throw Refusal("conversation", "'conversation' must be a conversation name, or an object with its 'id'."),
    };

    private static List<(string Role, string Text)> Messages(JsonElement? input)
    {
        switch (input)
        {
            case { ValueKind: JsonValueKind.String } text:
                return [("user", text.GetString()!)];
            case { ValueKind: JsonValueKind.Array } items when items.GetArrayLength() > 0:
                return [.. items.EnumerateArray().Select(Message)];
            default:
                throw JsonRequestBody.Refused(ApiErrorResponses.BadRequest("'input' must be a string or a non-empty array of message items.", "input"));
        }
    }

    private static (string Role, string Text) Message(JsonElement item, int index)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw BadInput($"input[{index}]", $"Input item {index} must be an object.");
        }

        var type = item.TryGetProperty("type", out var typed) ? typed.GetString() : "message";
        Refuse(type != "message", $"input[{index}].type", $"Input items of type '{type}' are not supported: Hermes takes message items with text, or mcp_approval_response items (no client-side tool results, images or files).");
        var role = item.TryGetProperty("role", out var named) && named.ValueKind == JsonValueKind.String ? named.GetString()! : string.Empty;
        if (!Roles.Contains(role))
        {
            throw BadInput($"input[{index}].role", $"Input item {index} has the role '{role}'; a role is one of {string.Join(", ", Roles)}.");
        }

        if (!item.TryGetProperty("content", out var content))
        {
            throw BadInput($"input[{index}].content", $"Input item {index} has no content.");
        }

        return (role, TextOf(content, index));
    }

    private static string TextOf(JsonElement content, int index)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw BadInput($"input[{index}].content", $"The content of input item {index} must be a string or an array of content parts.");
        }

        var parts = content.EnumerateArray().ToList();
        for (var part = 0; part < parts.Count; part++)
        {
            var type = parts[part].ValueKind == JsonValueKind.Object && parts[part].TryGetProperty("type", out var typed) ? typed.GetString() : null;
            Refuse(type is null || !TextParts.Contains(type), $"input[{index}].content[{part}].type", $"Content parts of type '{type}' are not supported: Hermes reads text.");
            if (!parts[part].TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                throw BadInput($"input[{index}].content[{part}].text", $"Content part {part} of input item {index} has no text.");
            }
        }

        return string.Concat(parts.Select(part => part.GetProperty("text").GetString()));
    }

    /// <returns>The trailing user messages' text, the instructions (the request's and its system messages), and the messages before.</returns>
    private static (string Text, string? Instructions, ImmutableArray<TranscriptMessage> History) Split(List<(string Role, string Text)> messages, string? instructions, DateTimeOffset now)
    {
        var trailing = messages.Count;
        while (trailing > 0 && messages[trailing - 1].Role is "user" or "system" or "developer")
        {
            trailing--;
        }

        var question = string.Join("\n\n", messages.Skip(trailing).Where(message => message.Role == "user").Select(message => message.Text));
        if (string.IsNullOrWhiteSpace(question))
        {
            throw BadInput("input", "'input' must end with a user message that has some text: that is the one the session answers.");
        }

        List<string> told = instructions is { Length: > 0 } ? [instructions] : [];
        told.AddRange(messages.Where(message => message.Role is "system" or "developer").Select(message => message.Text));
        var history = ImmutableArray.CreateBuilder<TranscriptMessage>();
        var turn = 0;
        foreach (var (role, text) in messages.Take(trailing).Where(message => message.Role is "user" or "assistant"))
        {
            history.Add(role == "user"
                ? new TranscriptMessage(TranscriptRole.User, text, ++turn, now, [], null, InModelContext: true)
                : new TranscriptMessage(TranscriptRole.Assistant, text, Math.Max(turn, 1), now, [], null, InModelContext: true));
        }

        return (question, told.Count == 0 ? null : string.Join("\n\n", told), history.ToImmutable());
    }

    private static RequestRefusedException BadInput(string param, string message) => JsonRequestBody.Refused(ApiErrorResponses.BadRequest(message, param));
}
