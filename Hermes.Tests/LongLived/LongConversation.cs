using System.Text.Json.Nodes;
using Hermes.Tests.Infrastructure;

namespace Hermes.Tests.LongLived;

/// <summary>Scripts and measures for conversations that outgrow a model's context window.</summary>
public static class LongConversation
{
    /// <summary>Answers a compaction's summary request with a numbered summary, anything else as <paramref name="otherwise"/> says.</summary>
    public static ModelScript Summarizing(ModelScript otherwise) => request =>
        IsSummaryRequest(request) ? new ScriptedAnswer.Text($"SUMMARY {request.Index}: the user sent numbered turns.") : otherwise(request);

    /// <summary>A summary that cannot be written: the summary request fails, the turns themselves are answered.</summary>
    public static ModelScript FailingSummaries(ModelScript otherwise) => request =>
        IsSummaryRequest(request) ? new ScriptedAnswer.Error(500, "summaries are broken today", "server_error") : otherwise(request);

    public static bool IsSummaryRequest(ScriptedRequest request) =>
        request.Messages.OfType<JsonObject>().FirstOrDefault() is { } first && first["content"]?.ToJsonString().Contains("running summary", StringComparison.Ordinal) == true;

    /// <summary>True when the request carries a compaction summary in place of older turns.</summary>
    public static bool CarriesSummary(ScriptedRequest request) =>
        request.Messages.OfType<JsonObject>().Any(message => message["content"]?.ToJsonString().Contains("Summary of the earlier conversation", StringComparison.Ordinal) == true);

    /// <summary>The request's context in tokens, counted as Hermes estimates them (characters of content and tool calls / 4, plus 4 a message).</summary>
    public static int Tokens(ScriptedRequest request) => (int)request.Messages.OfType<JsonObject>().Sum(message =>
        4 + (Text(message["content"]).Length + (message["tool_calls"] as JsonArray ?? []).OfType<JsonObject>()
            .Sum(call => ((string?)call["function"]?["name"] ?? string.Empty).Length + ((string?)call["function"]?["arguments"] ?? string.Empty).Length)) / 4.0);

    /// <summary>True when a message of the request holds <paramref name="text"/>.</summary>
    public static bool Mentions(ScriptedRequest request, string text) =>
        request.Messages.OfType<JsonObject>().Any(message => Text(message["content"]).Contains(text, StringComparison.Ordinal));

    /// <summary>The user texts the request carries, oldest first.</summary>
    public static string[] UserTexts(ScriptedRequest request) => [.. request.Messages.OfType<JsonObject>()
        .Where(message => (string?)message["role"] == "user").Select(message => Text(message["content"]))];

    private static string Text(JsonNode? content) => content switch
    {
        JsonValue value => (string?)value ?? string.Empty,
        JsonArray parts => string.Concat(parts.OfType<JsonObject>().Select(part => (string?)part["text"])),
        _ => string.Empty,
    };
}
