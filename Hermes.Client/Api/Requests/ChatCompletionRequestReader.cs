using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using Hermes.Client.Api.Contracts;
using Hermes.Client.Api.Errors;
using Hermes.Client.Api.Models;
using Hermes.Contracts.Sessions;
using Hermes.Contracts.Turns;
using Microsoft.AspNetCore.Http;

using static Hermes.Client.Api.Requests.UnsupportedOptions;

namespace Hermes.Client.Api.Requests;

/// <summary>
/// Reads and checks a chat-completions request before anything reaches the cluster. Every way a request can be wrong,
/// and every option Hermes cannot honour, ends in a <see cref="RequestRefusedException"/> whose answer names the field
/// (in <c>param</c>).
/// </summary>
public static class ChatCompletionRequestReader
{
    public static async Task<ChatCompletionInput> ReadAsync(HttpRequest http, ApiOptions api, ModelCatalog models, JsonSerializerOptions json, TimeProvider time)
    {
        var (request, body) = await JsonRequestBody.ReadAsync<ChatCompletionRequest>(http, api, json, "chat completions");
        CheckModel(request.Model, models);
        RefuseUnsupported(request);
        var (instructions, history, text) = CheckMessages(request, time.GetUtcNow());
        var options = TurnOptionsReader.Read(
            request.Temperature,
            request.TopP,
            request.MaxCompletionTokens is { } completion ? (completion, "max_completion_tokens") : (request.MaxTokens, "max_tokens"),
            request.Stop,
            request.Seed,
            request.FrequencyPenalty,
            request.PresencePenalty,
            (request.ResponseFormat?.Type, request.ResponseFormat?.JsonSchema, "response_format"));
        var conversation = JsonRequestBody.Name(http.Headers[ApiHeaders.Conversation].FirstOrDefault(), ApiHeaders.Conversation, null)
            ?? JsonRequestBody.Name(request.User, "'user'", "user");
        var idempotencyKey = JsonRequestBody.Name(http.Headers[ApiHeaders.IdempotencyKey].FirstOrDefault(), ApiHeaders.IdempotencyKey, null);

        // A named conversation sent only its last message: the session keeps the history (the header mode). Otherwise the
        // client's history is the conversation.
        var directives = new TurnDirectives(instructions, options, conversation is not null && history.IsEmpty ? null : history);
        return new ChatCompletionInput(request, text, conversation, idempotencyKey, Convert.ToHexString(SHA256.HashData(body)), directives);
    }

    /// <exception cref="RequestRefusedException">The model is missing or not one this API serves.</exception>
    public static void CheckModel(string? model, ModelCatalog models)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            throw Refused(ApiErrorResponses.BadRequest("'model' is required.", "model"));
        }

        if (!models.Serves(model))
        {
            throw Refused(ApiErrorResponses.UnknownModel(model, models.Alias));
        }
    }

    /// <summary>Options whose meaning Hermes cannot deliver: refused, never silently dropped.</summary>
    private static void RefuseUnsupported(ChatCompletionRequest request)
    {
        if (request.N is { } n && n != 1)
        {
            throw Refusal("n", "Hermes gives one answer per turn: 'n' must be 1.");
        }

        Refuse(Given(request.Tools), "tools", "Client-side tools are not supported: the agent uses the tools configured in Hermes (its MCP servers). Leave 'tools' out.");
        Refuse(Given(request.Functions), "functions", "Client-side functions are not supported: the agent uses the tools configured in Hermes. Leave 'functions' out.");
        Refuse(ChoosesATool(request.ToolChoice), "tool_choice", "'tool_choice' can only be 'auto' or 'none': there are no client-side tools to choose.");
        Refuse(ChoosesATool(request.FunctionCall), "function_call", "'function_call' can only be 'auto' or 'none': there are no client-side functions.");
        Refuse(request.Logprobs == true || request.TopLogprobs is > 0, request.Logprobs == true ? "logprobs" : "top_logprobs", "Log probabilities are not available through Hermes.");
        Refuse(request.LogitBias is { ValueKind: JsonValueKind.Object } bias && bias.EnumerateObject().Any(), "logit_bias", "'logit_bias' is not supported by Hermes.");
        Refuse(request.Modalities?.Any(modality => modality != "text") == true, "modalities", "Hermes answers in text only.");
        Refuse(Given(request.Audio), "audio", "Hermes answers in text only.");
        Refuse(Given(request.Prediction), "prediction", "Predicted outputs are not supported by Hermes.");
        Refuse(request.ReasoningEffort is not null, "reasoning_effort", "'reasoning_effort' is not passed to the models by Hermes; leave it out.");
        Refuse(Given(request.WebSearchOptions), "web_search_options", "Web search is not a Hermes option; configure a search tool as an MCP server instead.");
    }

    /// <returns>The client's system messages (this turn's instructions), its history before the last message, and the last message's text.</returns>
    private static (string? Instructions, ImmutableArray<TranscriptMessage> History, string Text) CheckMessages(ChatCompletionRequest request, DateTimeOffset now)
    {
        if (request.Messages is not { Count: > 0 } messages)
        {
            throw Refused(ApiErrorResponses.BadRequest("'messages' must be a non-empty array that ends with a user message.", "messages"));
        }

        List<string> instructions = [];
        var history = ImmutableArray.CreateBuilder<TranscriptMessage>();
        var turn = 0;
        for (var index = 0; index < messages.Count; index++)
        {
            var message = messages[index] ?? throw Refused(ApiErrorResponses.BadRequest($"Message {index} is null.", $"messages[{index}]"));
            if (message.Role is not { } role || !ChatCompletionRequestMessage.Roles.Contains(role))
            {
                throw Refused(ApiErrorResponses.BadRequest(
                    $"Message {index} has the role '{message.Role}'; a role is one of {string.Join(", ", ChatCompletionRequestMessage.Roles)}.",
                    $"messages[{index}].role"));
            }

            Refuse(role is "tool" or "function", $"messages[{index}].role", $"Message {index} is a result of a client-side tool ('{role}'); Hermes runs no client-side tools.");
            Refuse(Given(message.ToolCalls), $"messages[{index}].tool_calls", $"Message {index} calls client-side tools; Hermes runs no client-side tools.");
            var text = TextOf(message.Content, index);
            switch (role)
            {
                case "system" or "developer":
                    instructions.Add(text);
                    break;
                case "user" when index < messages.Count - 1:
                    history.Add(new TranscriptMessage(TranscriptRole.User, text, ++turn, now, [], null, InModelContext: true));
                    break;
                case "assistant":
                    history.Add(new TranscriptMessage(TranscriptRole.Assistant, text, Math.Max(turn, 1), now, [], null, InModelContext: true));
                    break;
            }
        }

        var last = messages.Count - 1;
        if (messages[last].Role != "user")
        {
            throw Refused(ApiErrorResponses.BadRequest("'messages' must end with a user message: that is the one the session answers.", "messages"));
        }

        if (messages[last].Content is null)
        {
            throw Refused(ApiErrorResponses.BadRequest("The last user message has no content.", $"messages[{last}].content"));
        }

        // Refused here, before any grain work: a session takes no message without text.
        var question = messages[last].Content!.Text;
        return string.IsNullOrWhiteSpace(question)
            ? throw Refused(ApiErrorResponses.BadRequest("The last user message has no text (it is empty or only whitespace).", $"messages[{last}].content"))
            : (instructions.Count == 0 ? null : string.Join("\n\n", instructions), history.ToImmutable(), question);
    }

    /// <summary>A message's text; content parts other than text (images, audio, files) are refused: Hermes reads text.</summary>
    private static string TextOf(MessageContent? content, int index)
    {
        if (content is null)
        {
            return string.Empty;
        }

        for (var part = 0; part < content.Parts.Count; part++)
        {
            if (content.Parts[part].Type != MessageContent.TextType)
            {
                throw Refused(ApiErrorResponses.BadRequest(
                    $"Content parts of type '{content.Parts[part].Type}' are not supported: Hermes reads text.", $"messages[{index}].content[{part}].type"));
            }
        }

        return content.Text;
    }

    private static RequestRefusedException Refused(ApiFailure failure) => JsonRequestBody.Refused(failure);
}
