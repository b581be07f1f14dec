using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Approvals;

/// <summary>
/// The messages of a paused turn: kept in Microsoft.Extensions.AI's own JSON (<see cref="AIJsonUtilities.DefaultOptions"/>,
/// which knows the approval contents), turned into the input that resumes the turn, and into what the transcript records
/// once it ends: calls and results only, never the approval contents (a replayed history would hand them to the model).
/// </summary>
public static class PausedTurnMessages
{
    public static string ToJson(IEnumerable<ChatMessage> messages) => JsonSerializer.Serialize(messages.ToList(), AIJsonUtilities.DefaultOptions);

    public static List<ChatMessage> FromJson(string json) => JsonSerializer.Deserialize<List<ChatMessage>>(json, AIJsonUtilities.DefaultOptions) ?? [];

    /// <summary>The approval requests the tool loop returned instead of calling the tools, if it stopped for any.</summary>
    public static IReadOnlyList<ToolApprovalRequestContent> Requests(IEnumerable<ChatMessage> messages) =>
        [.. messages.SelectMany(message => message.Contents.OfType<ToolApprovalRequestContent>())];

    /// <summary>
    /// What resumes the turn in the tool loop: the user's message, the turn's messages up to its approval requests, and a
    /// user message answering each request. The loop then runs the approved calls (under their own call ids) and tells
    /// the model the denied ones were refused.
    /// </summary>
    public static List<ChatMessage> ResumeInput(PausedTurn paused)
    {
        var messages = FromJson(paused.MessagesJson);
        var requests = Requests(messages).ToDictionary(request => request.RequestId, StringComparer.Ordinal);
        List<AIContent> responses = [.. paused.Approvals
            .Where(entry => requests.ContainsKey(entry.Request.RequestId))
            .Select(entry => requests[entry.Request.RequestId].CreateResponse(entry.Decision?.Approved == true, entry.Decision?.Reason))];
        return [new ChatMessage(ChatRole.User, paused.UserText), .. messages, new ChatMessage(ChatRole.User, responses)];
    }

    /// <summary>
    /// The turn's messages to record once it resumed: those before the pause with each approval request turned back into
    /// its call, then the resumed run's own, each call once.
    /// </summary>
    public static List<ChatMessage> Recorded(PausedTurn paused, IEnumerable<ChatMessage> resumed)
    {
        List<ChatMessage> recorded = [.. WithCalls(FromJson(paused.MessagesJson))];
        var called = recorded.SelectMany(message => message.Contents.OfType<FunctionCallContent>()).Select(call => call.CallId).ToHashSet(StringComparer.Ordinal);
        foreach (var message in resumed)
        {
            List<AIContent> contents = [.. message.Contents.Where(content => content is not ToolApprovalResponseContent && (content is not FunctionCallContent call || called.Add(call.CallId)))];
            if (contents.Count > 0)
            {
                recorded.Add(new ChatMessage(message.Role, contents));
            }
        }

        return recorded;
    }

    /// <summary>
    /// The turn's messages when it ends without the model: those before the pause, each approval request turned back into
    /// its call, and for each call the result <paramref name="resultOf"/> gives (why it did not run).
    /// </summary>
    public static List<ChatMessage> Closed(PausedTurn paused, Func<ApprovalEntry, string> resultOf)
    {
        List<ChatMessage> closed = [.. WithCalls(FromJson(paused.MessagesJson))];
        List<AIContent> results = [.. paused.Approvals.Select(entry => new FunctionResultContent(entry.Request.CallId, resultOf(entry)))];
        closed.Add(new ChatMessage(ChatRole.Tool, results));
        return closed;
    }

    private static IEnumerable<ChatMessage> WithCalls(IEnumerable<ChatMessage> messages) => messages.Select(message =>
        new ChatMessage(message.Role, [.. message.Contents.Select(content => content is ToolApprovalRequestContent request ? request.ToolCall : content)]));
}
